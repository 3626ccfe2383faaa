//! The manager across processes: behaviour and faults, not timings.

use lab_16_manager::protocol::{Reply, Request, Value};
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
    let too_many = vec![lab_16_manager::protocol::Op::Len; lab_16_manager::batch::MAX_BATCH + 1];
    assert!(matches!(c.call(Request::Batch(too_many)), Err(ManagerError::Remote(_))));
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

/// Sends `bytes` on a connection of its own and reads until the manager
/// closes it: the replies it got before the end (each frame decoded).
fn send_raw(path: &std::path::Path, bytes: &[u8]) -> Vec<Reply> {
    let mut s = std::os::unix::net::UnixStream::connect(path).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(bytes); // the manager may hang up before it has read everything
    let mut got = Vec::new();
    // The end: end of file, or a reset if it closed with bytes unread.
    // Either way what it sent before is in `got`; a timeout fails below.
    if let Err(e) = std::io::Read::read_to_end(&mut s, &mut got) {
        assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "not closed: {e}");
    }
    let mut r = std::io::Cursor::new(got);
    std::iter::from_fn(|| lab_12_pipe::frame::recv(&mut r, 1 << 20).unwrap()).collect()
}

#[test]
fn garbage_and_a_huge_length_get_an_error_and_end_that_connection_only() {
    let manager = Manager::start(State::default()).unwrap();
    let mut good = Client::connect(manager.path()).unwrap();
    for bytes in [
        vec![0xffu8; 64],
        u32::MAX.to_le_bytes().to_vec(),
        [8u32.to_le_bytes().to_vec(), vec![0xee; 8]].concat(),
    ] {
        let replies = send_raw(manager.path(), &bytes);
        assert!(
            matches!(&replies[..], [Reply::Error(why)] if why.contains("not a request")),
            "{bytes:?}: {replies:?}"
        );
        good.list().append(Value::Int(1)).unwrap();
    }
    assert_eq!(good.list().len().unwrap(), 3);
}

/// A batch inside a batch inside a batch..., 100 000 deep, hand-encoded
/// (two bytes a level: the tag of a batch and a length of 1), as the
/// recursive protocol of an earlier version would have read it and as the
/// present one would if a batch could hold a batch. Decoding it recursively
/// overflowed the stack of the manager's thread, which killed the manager
/// and every client with it. Now that client is refused and the manager
/// serves the others.
#[test]
fn a_batch_nested_a_hundred_thousand_deep_is_refused_and_the_others_are_served() {
    let manager = Manager::start(State::default()).unwrap();
    let mut good = Client::connect(manager.path()).unwrap();
    good.list().append(Value::Int(7)).unwrap();
    let batch_tag = postcard::to_stdvec(&Request::Batch(vec![])).unwrap()[0];
    // 9: the tag `Request::Batch` had when a batch held requests.
    for tag in [9u8, batch_tag] {
        let mut payload = [tag, 1].repeat(100_000);
        payload.push(3);
        let mut bytes = (payload.len() as u32).to_le_bytes().to_vec();
        bytes.extend(payload);
        let replies = send_raw(manager.path(), &bytes);
        assert!(
            matches!(&replies[..], [Reply::Error(why)] if why.contains("not a request")),
            "tag {tag}: {replies:?}"
        );
        assert_eq!(good.list().len().unwrap(), 1, "the client connected before is served");
        let mut fresh = Client::connect(manager.path()).unwrap();
        assert_eq!(fresh.list().get(0).unwrap(), Value::Int(7), "a new client is served");
    }
    assert!(std::path::Path::new(&format!("/proc/{}", manager.pid())).exists());
    manager.shutdown().unwrap();
}

/// More clients than `MAX_CLIENTS` at once: the extra one waits for a
/// slot (it is not served, and not refused), and is served when one frees.
#[test]
fn clients_beyond_the_bound_wait_for_a_slot() {
    use lab_16_manager::server::MAX_CLIENTS;
    let manager = Manager::start(State::default()).unwrap();
    let mut held: Vec<Client> =
        (0..MAX_CLIENTS).map(|_| Client::connect(manager.path()).unwrap()).collect();
    for c in &mut held {
        c.list().len().unwrap(); // each is being served
    }
    let path = manager.path().to_path_buf();
    let extra = Pending::spawn(move || Client::connect(&path).and_then(|mut c| c.list().len()));
    let extra = extra.still_blocked_after(Duration::from_millis(300), "a client past the bound");
    drop(held.pop());
    let len = extra.finish_within(Duration::from_secs(5), "the extra client once a slot freed");
    assert_eq!(len, Ok(0));
}
