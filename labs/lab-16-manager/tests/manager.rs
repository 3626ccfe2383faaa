//! The manager across processes: behaviour and faults, not timings.

use lab_16_manager::protocol::{Request, Value};
use lab_16_manager::proxy::{Client, ManagerError};
use lab_16_manager::server::Manager;
use lab_16_manager::state::State;
use labkit::process::fork_child;
use labkit::testing::Pending;
use std::io::Write;
use std::time::Duration;

fn record(name: &str, score: i64) -> Value {
    Value::Record(name.into(), score)
}

#[test]
fn a_record_appended_by_one_process_is_read_by_another() {
    let manager = Manager::start(State::with_list(vec![
        record("Sam", 10),
        record("Adam", 9),
        record("Kevin", 9),
    ]))
    .unwrap();
    let path = manager.path().to_path_buf();
    let mut p1 = fork_child(|| {
        match Client::connect(&path).and_then(|mut c| c.list().append(record("Jeff", 8))) {
            Ok(()) => 0,
            Err(_) => 1,
        }
    })
    .unwrap();
    assert!(p1.wait().unwrap().success());
    let mut p2 =
        fork_child(|| match Client::connect(&path).and_then(|mut c| c.list().snapshot()) {
            Ok(all) if all.last() == Some(&record("Jeff", 8)) => 0,
            _ => 1,
        })
        .unwrap();
    assert!(p2.wait().unwrap().success(), "p2 saw Jeff's record");
    manager.shutdown().unwrap();
}

#[test]
fn a_fetched_item_is_a_copy_and_set_writes_it_back() {
    let manager = Manager::start(State::with_list(vec![Value::List(vec![1])])).unwrap();
    let mut c = Client::connect(manager.path()).unwrap();
    let mut item = c.list().get(0).unwrap();
    let Value::List(v) = &mut item else { panic!("a list") };
    v.push(2);
    assert_eq!(c.list().get(0).unwrap(), Value::List(vec![1]), "the manager's item did not change");
    c.list().set(0, item.clone()).unwrap();
    assert_eq!(c.list().get(0).unwrap(), item);
}

#[test]
fn the_map_and_batches_work_through_the_socket() {
    let manager = Manager::start(State::default()).unwrap();
    let mut c = Client::connect(manager.path()).unwrap();
    c.map().insert("best", record("Sam", 10)).unwrap();
    assert_eq!(c.map().get("best").unwrap(), Some(record("Sam", 10)));
    assert_eq!(c.map().get("worst").unwrap(), None);
    c.list().extend_batched((0..500).map(Value::Int)).unwrap();
    assert_eq!(c.list().len().unwrap(), 500);
    assert_eq!(c.list().get(499).unwrap(), Value::Int(499));
}

#[test]
fn a_bad_request_is_an_error_reply_and_the_connection_goes_on() {
    let manager = Manager::start(State::default()).unwrap();
    let mut c = Client::connect(manager.path()).unwrap();
    assert!(matches!(c.list().get(3), Err(ManagerError::Remote(e)) if e.contains("out of range")));
    assert!(matches!(
        c.call(Request::Batch(vec![Request::Batch(vec![])])),
        Err(ManagerError::Remote(_))
    ));
    assert_eq!(c.list().len().unwrap(), 0);
}

#[test]
fn add_to_score_from_two_processes_loses_nothing() {
    let manager = Manager::start(State::with_list(vec![record("Sam", 0)])).unwrap();
    let path = manager.path().to_path_buf();
    let work = || {
        let Ok(mut c) = Client::connect(&path) else { return 1 };
        if (0..500).all(|_| c.list().add_to_score(0, 1).is_ok()) { 0 } else { 1 }
    };
    let mut kids = [fork_child(work).unwrap(), fork_child(work).unwrap()];
    for k in &mut kids {
        assert!(k.wait().unwrap().success());
    }
    assert_eq!(Client::connect(&path).unwrap().list().get(0).unwrap(), record("Sam", 1000));
}

#[test]
fn when_the_manager_dies_mid_call_the_client_gets_gone_not_a_hang() {
    let mut manager = Manager::start(State::default()).unwrap();
    let path = manager.path().to_path_buf();
    let mut c = Client::connect(&path).unwrap();
    let call = Pending::spawn(move || c.call(Request::Sleep(5_000)));
    let call = call.still_blocked_after(Duration::from_millis(200), "a slow call");
    manager.kill().unwrap();
    let result =
        call.finish_within(Duration::from_secs(2), "the call after the manager was killed");
    assert!(matches!(result, Err(ManagerError::Gone(_))), "{result:?}");
    assert!(matches!(Client::connect(&path), Err(ManagerError::Gone(_))));
}

#[test]
fn a_client_killed_mid_request_or_mid_reply_leaves_the_others_served() {
    let manager = Manager::start(State::default()).unwrap();
    let path = manager.path().to_path_buf();
    let mut survivor = Client::connect(&path).unwrap();
    let mut half = fork_child(|| {
        let Ok(mut s) = std::os::unix::net::UnixStream::connect(&path) else { return 1 };
        let _ = s.write_all(&1000u32.to_le_bytes());
        let _ = s.write_all(&[0u8; 10]);
        std::thread::sleep(Duration::from_secs(30));
        0
    })
    .unwrap();
    let mut waiting = fork_child(|| {
        let Ok(mut c) = Client::connect(&path) else { return 1 };
        let _ = c.call(Request::Sleep(200));
        0
    })
    .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    half.kill_and_reap().unwrap();
    waiting.kill_and_reap().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    survivor.list().append(Value::Int(1)).unwrap();
    assert_eq!(survivor.list().len().unwrap(), 1);
    assert_eq!(Client::connect(&path).unwrap().list().len().unwrap(), 1);
}

#[test]
fn a_dropped_manager_is_killed_reaped_and_its_socket_removed() {
    let manager = Manager::start(State::default()).unwrap();
    let (pid, path) = (manager.pid(), manager.path().to_path_buf());
    drop(manager);
    assert!(!path.exists(), "the socket file is gone");
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}")).exists(),
        "the manager process is gone and reaped"
    );
}

#[test]
fn garbage_and_a_huge_length_end_that_connection_only() {
    let manager = Manager::start(State::default()).unwrap();
    let mut good = Client::connect(manager.path()).unwrap();
    for bytes in [
        vec![0xffu8; 64],
        u32::MAX.to_le_bytes().to_vec(),
        [8u32.to_le_bytes().to_vec(), vec![0xee; 8]].concat(),
    ] {
        let mut s = std::os::unix::net::UnixStream::connect(manager.path()).unwrap();
        s.write_all(&bytes).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = [0u8; 16];
        // The manager drops the connection: end of file, not a hang.
        assert_eq!(std::io::Read::read(&mut s, &mut buf).unwrap_or(0), 0, "{bytes:?}");
        good.list().append(Value::Int(1)).unwrap();
    }
    assert_eq!(good.list().len().unwrap(), 3);
}
