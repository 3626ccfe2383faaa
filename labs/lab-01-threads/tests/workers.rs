//! Stress tests of the fetching strategies against the local server: many
//! workers, many pages, every page fetched once and written whole, in the
//! output file and in the results, and failures reported, never written.
//! No timing is asserted.

use lab_01_threads::client::{FetchError, agent, fetch};
use lab_01_threads::fetchers::{scoped_per_url, sequential, thread_per_url};
use lab_01_threads::output::read_records;
use lab_01_threads::pool::map_with_workers;
use lab_01_threads::server::{Defaults, LocalServer, page_body};
use lab_01_threads::workers::{workers_holding_the_list, workers_to_file};
use std::sync::Mutex;
use std::time::Duration;

const PAGES: usize = 300;
const BYTES: usize = 3000;

fn setup() -> (LocalServer, ureq::Agent, Vec<String>) {
    let server =
        LocalServer::start(Defaults { latency: Duration::ZERO, bytes: BYTES }).expect("a server");
    let urls = (0..PAGES).map(|i| server.page_url(i)).collect();
    (server, agent(Duration::from_secs(30)), urls)
}

/// Every page once, whole, and nothing else, in any order.
fn assert_every_page_once(file: &[u8], urls: &[String]) {
    let records = read_records(file).expect("no record is damaged or interleaved");
    assert_eq!(records.len(), urls.len());
    let mut seen = vec![false; urls.len()];
    for (url, body) in records {
        let id = urls.iter().position(|u| *u == url).expect("a URL of the list");
        assert!(!seen[id], "{url} written twice");
        assert_eq!(body, page_body(id as u64, BYTES), "{url} damaged");
        seen[id] = true;
    }
}

#[test]
fn many_workers_write_every_page_once_and_whole() {
    let (_server, client, urls) = setup();
    for workers in [1, 3, 16, 64] {
        let file = Mutex::new(Vec::new());
        let report = workers_to_file(&client, &urls, workers, &file, None).unwrap();
        assert_eq!((report.written, report.failed.len()), (PAGES, 0), "{workers} workers");
        assert_every_page_once(&file.into_inner().unwrap(), &urls);
    }
}

#[test]
fn workers_holding_the_list_are_slow_but_correct() {
    let (_server, client, urls) = setup();
    let file = Mutex::new(Vec::new());
    assert_eq!(workers_holding_the_list(&client, &urls, 8, &file, None).unwrap(), PAGES);
    assert_every_page_once(&file.into_inner().unwrap(), &urls);
}

#[test]
fn failures_are_reported_and_never_written() {
    let (server, client, mut urls) = setup();
    urls.truncate(40);
    let bad: Vec<String> =
        (0..20).map(|i| server.status_url(if i % 2 == 0 { 404 } else { 500 })).collect();
    let mixed: Vec<String> =
        urls.iter().cloned().zip(bad.iter().cloned()).flat_map(|(a, b)| [a, b]).collect();
    let file = Mutex::new(Vec::new());
    let report = workers_to_file(&client, &mixed, 6, &file, None).unwrap();
    assert_eq!(report.written, 20);
    assert_eq!(report.failed.len(), 20);
    assert!(report.failed.iter().all(|(_, e)| matches!(e, FetchError::Status(404 | 500))));
    let written: Vec<String> = mixed.iter().filter(|u| u.contains("/page/")).cloned().collect();
    assert_every_page_once(&file.into_inner().unwrap(), &written);
}

#[test]
fn every_strategy_returns_every_body_in_order() {
    let (_server, client, urls) = setup();
    let expected: Vec<Result<Vec<u8>, FetchError>> =
        (0..PAGES).map(|i| Ok(page_body(i as u64, BYTES))).collect();
    assert_eq!(sequential(&client, &urls), expected);
    assert_eq!(thread_per_url(&client, &urls), expected);
    assert_eq!(scoped_per_url(&client, &urls), expected);
    assert_eq!(map_with_workers(&urls, 12, |u| fetch(&client, u)), expected);
}
