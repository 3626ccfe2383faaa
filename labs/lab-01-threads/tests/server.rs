//! The local server and the client against each other: pages of the size
//! asked, every kind of failure reported as what it is, many slow requests
//! held at once, and nothing left listening after the server is dropped.

use lab_01_threads::client::{FetchError, agent, fetch};
use lab_01_threads::server::{Defaults, LocalServer, RateLimit, page_body};
use std::time::{Duration, Instant};

fn server(latency_ms: u64, bytes: usize) -> LocalServer {
    LocalServer::start(Defaults { latency: Duration::from_millis(latency_ms), bytes })
        .expect("a server")
}

#[test]
fn pages_have_the_size_and_content_asked() {
    let server = server(0, 1000);
    let client = agent(Duration::from_secs(10));
    assert_eq!(fetch(&client, &server.page_url(7)).unwrap(), page_body(7, 1000));
    let url = server.page_url_with(8, Duration::from_millis(1), 100_000);
    assert_eq!(fetch(&client, &url).unwrap(), page_body(8, 100_000));
    assert_eq!(fetch(&client, &server.page_url_with(9, Duration::ZERO, 0)).unwrap(), b"");
    assert_eq!(server.served(), 3);
}

#[test]
fn a_rate_limited_server_refuses_with_429_past_its_burst() {
    // One token per 1000 s: after the burst of 2, everything is refused,
    // however slowly the machine sends the requests.
    let limit = RateLimit { per_second: 0.001, burst: 2 };
    let server = LocalServer::start_limited(Defaults { latency: Duration::ZERO, bytes: 10 }, limit)
        .expect("a server");
    let client = agent(Duration::from_secs(10));
    let answers: Vec<_> = (0..5).map(|i| fetch(&client, &server.page_url(i))).collect();
    assert!(answers[..2].iter().all(Result::is_ok), "{answers:?}");
    assert!(answers[2..].iter().all(|a| *a == Err(FetchError::Status(429))), "{answers:?}");
    assert_eq!((server.refused(), server.served()), (3, 5));
}

#[test]
fn every_failure_says_what_it_is() {
    let server = server(0, 10);
    let client = agent(Duration::from_millis(300));
    assert_eq!(fetch(&client, &server.status_url(503)), Err(FetchError::Status(503)));
    assert_eq!(fetch(&client, &server.status_url(404)), Err(FetchError::Status(404)));
    assert_eq!(
        fetch(&client, &format!("{}/nowhere", server.base_url())),
        Err(FetchError::Status(404))
    );
    let bad_query = format!("{}/page/1?bytes=lots", server.base_url());
    assert_eq!(fetch(&client, &bad_query), Err(FetchError::Status(400)));
    let slow = server.page_url_with(1, Duration::from_secs(3), 10);
    assert_eq!(fetch(&client, &slow), Err(FetchError::Timeout));
    // The server still answers after all that.
    assert_eq!(fetch(&client, &server.page_url(2)).unwrap(), page_body(2, 10));
}

#[test]
fn a_stopped_server_refuses_connections() {
    let server = server(0, 10);
    let (url, addr) =
        (server.page_url(1), server.base_url().trim_start_matches("http://").to_string());
    let client = agent(Duration::from_secs(5));
    assert!(fetch(&client, &url).is_ok());
    drop(server); // joins the server's thread: the listening socket is closed now
    assert!(std::net::TcpStream::connect(&addr).is_err(), "something still listens on {addr}");
    // A fresh client cannot connect; the old one's kept connection is closed too.
    assert!(matches!(fetch(&agent(Duration::from_secs(5)), &url), Err(FetchError::Connection(_))));
    assert!(fetch(&client, &url).is_err());
}

#[test]
fn sixteen_slow_requests_are_held_at_once() {
    let server = server(2_000, 10);
    let client = agent(Duration::from_secs(30));
    std::thread::scope(|s| {
        for i in 0..16 {
            let (client, url) = (&client, server.page_url(i));
            s.spawn(move || fetch(client, &url).expect("a page"));
        }
        // Wait (10 s at most) until the server holds all 16 at once.
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut most = 0;
        while most < 16 && Instant::now() < deadline {
            most = most.max(server.in_flight());
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(most, 16, "the server never held all 16 requests at once");
    });
    assert_eq!((server.served(), server.in_flight()), (16, 0));
}
