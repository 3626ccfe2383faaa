//! Each bad input of the list (and a few more), as its own test
//! against a running RPC server: it is refused with a clear error, and the
//! server goes on serving a client that was connected before and a new one.

use lab_17_connection::experiments::attacks_list::{ATTACKS, Target};
use lab_17_connection::listener::Options;
use lab_17_connection::rpc::{self, Proxy};
use lab_17_connection::server::Outcome;
use lab_17_connection::socket::Address;
use std::time::{Duration, Instant};

fn attack(key: &str) {
    let attack = ATTACKS.iter().find(|a| a.key == key).expect("a listed attack");
    let options = Options {
        max_frame: 64 << 10,
        handshake_deadline: Duration::from_millis(300),
        ..Options::with_key(b"peekaboo")
    };
    let mut server =
        rpc::serve(&Address::loopback(), options.clone(), 4, rpc::arithmetic()).expect("a server");
    let target = Target { address: server.address().clone(), options: options.clone() };
    let mut before = Proxy::connect(&target.address, &options).expect("a good client");
    let got = (attack.run)(&target);
    let server_says = attack.server_logs;
    assert!(got.contains(attack.refusal), "{}: the attacker got {got:?}", attack.name);
    if attack.ends_connection {
        // The server logs why it ended the attacker's connection.
        let limit = Instant::now() + Duration::from_secs(5);
        let logged = loop {
            let log = server.outcomes();
            if let Some(o) = log.iter().find(|o| !matches!(o, Outcome::Closed)) {
                break format!("{o:?}");
            }
            assert!(Instant::now() < limit, "{}: nothing logged: {log:?}", attack.name);
            std::thread::sleep(Duration::from_millis(5));
        };
        assert!(
            logged.contains(server_says),
            "{}: the server logged {logged}, not {server_says:?}",
            attack.name
        );
    }
    assert_eq!(before.call::<_, i64>("add", &(2i64, 3i64)).expect("still served"), 5);
    let mut after = Proxy::connect(&target.address, &options).expect("a new client is accepted");
    assert_eq!(after.call::<_, i64>("sub", &(2i64, 3i64)).expect("served"), -1);
    drop((before, after));
    server.stop();
    assert_eq!(server.clients(), 0);
}

#[test]
fn wrong_key() {
    attack("wrong-key");
}

#[test]
fn no_key() {
    attack("no-key");
}

#[test]
fn garbage_bytes() {
    attack("garbage");
}

#[test]
fn an_answer_longer_than_any_handshake_message() {
    attack("long-answer");
}

#[test]
fn a_length_prefix_of_gigabytes_is_never_allocated() {
    attack("huge-prefix");
}

#[test]
fn a_truncated_frame() {
    attack("truncated");
}

#[test]
fn a_disconnect_mid_frame() {
    attack("mid-frame");
}

#[test]
fn a_client_that_sends_nothing_meets_the_handshake_deadline() {
    attack("silent");
}

#[test]
fn a_dribbled_answer_meets_the_whole_handshake_deadline() {
    attack("dribble");
}

#[test]
fn a_flood_of_silent_connections_delays_a_good_client_but_does_not_stop_it() {
    attack("flood");
}

#[test]
fn a_frame_that_is_not_a_request() {
    attack("not-request");
}

#[test]
fn an_unknown_method() {
    attack("unknown");
}

#[test]
fn wrong_argument_types() {
    attack("wrong-types");
}

#[test]
fn arguments_that_lie_about_their_type() {
    attack("lying-type");
}

#[test]
fn a_failing_function() {
    attack("failing");
}

#[test]
fn a_panicking_function() {
    attack("panicking");
}

#[test]
fn every_listed_attack_has_a_test() {
    let tested = [
        "wrong-key",
        "no-key",
        "garbage",
        "long-answer",
        "huge-prefix",
        "truncated",
        "mid-frame",
        "silent",
        "dribble",
        "flood",
        "not-request",
        "unknown",
        "wrong-types",
        "lying-type",
        "failing",
        "panicking",
    ];
    let listed: Vec<&str> = ATTACKS.iter().map(|a| a.key).collect();
    assert_eq!(listed, tested);
}
