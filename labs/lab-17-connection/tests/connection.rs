//! The connection, the handshake, the servers: behaviour, not timings.

use lab_17_connection::auth::AuthError;
use lab_17_connection::connection::Connection;
use lab_17_connection::echo;
use lab_17_connection::errors::ConnError;
use lab_17_connection::listener::{self, Options};
use lab_17_connection::registry::RpcError;
use lab_17_connection::rpc::{self, CallError, Proxy};
use lab_17_connection::server::{Handler, Outcome, Server};
use lab_17_connection::socket::{Address, Socket};
use labkit::testing::Pending;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

const KEY: &[u8] = b"peekaboo";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Message {
    Text(String),
    Numbers(Vec<i64>),
    Record(BTreeMap<String, String>),
}

#[test]
fn the_notebooks_echo_session_over_tcp_and_a_unix_socket() {
    let dir = tempfile::tempdir().unwrap();
    for address in [Address::loopback(), Address::Unix(dir.path().join("echo.sock"))] {
        let server = echo::serve(&address, Options::with_key(KEY), 4).unwrap();
        let mut c = listener::connect(server.address(), &Options::with_key(KEY)).unwrap();
        let record = BTreeMap::from([
            ("name".to_string(), "Dave".to_string()),
            ("email".into(), "dave@dabeaz.com".into()),
        ]);
        for m in [
            Message::Text("Hello".into()),
            Message::Numbers(vec![1, 2, 3, 4]),
            Message::Record(record),
        ] {
            c.send(&m).unwrap();
            assert_eq!(c.recv::<Message>().unwrap(), m);
        }
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "the socket file is removed when the server stops"
    );
}

#[test]
fn the_notebooks_rpc_session() {
    let server =
        rpc::serve(&Address::loopback(), Options::with_key(KEY), 4, rpc::arithmetic()).unwrap();
    let mut c = Proxy::connect(server.address(), &Options::with_key(KEY)).unwrap();
    assert_eq!(c.call::<_, i64>("add", &(2i64, 3i64)).unwrap(), 5);
    assert_eq!(c.call::<_, i64>("sub", &(2i64, 3i64)).unwrap(), -1);
    let err = c.call::<_, i64>("sub", &(vec![1i64, 2], 4i64)).unwrap_err();
    assert!(matches!(err, CallError::Remote(RpcError::BadArguments { .. })), "{err}");
    assert_eq!(
        c.call::<_, i64>("add", &(1i64, 1i64)).unwrap(),
        2,
        "the connection goes on after an error"
    );
}

#[test]
fn a_server_with_another_key_is_found_out_by_the_client() {
    // The handshake runs both ways: a server that does not know the key
    // cannot pass itself off as the real one.
    let server = echo::serve(&Address::loopback(), Options::with_key(b"impostor"), 4).unwrap();
    let err = listener::connect(server.address(), &Options::with_key(KEY)).unwrap_err();
    assert!(matches!(err, ConnError::Auth(AuthError::Rejected)), "{err}");
}

#[test]
fn a_client_that_expects_a_key_refuses_a_server_without_one() {
    let server = echo::serve(&Address::loopback(), Options::no_key(), 4).unwrap();
    let err = listener::connect(
        server.address(),
        &Options { handshake_deadline: Duration::from_millis(300), ..Options::with_key(KEY) },
    )
    .unwrap_err();
    // The server never sends a challenge: the client's deadline ends the wait.
    assert!(matches!(err, ConnError::Deadline), "{err}");
}

#[test]
fn no_key_on_both_sides_means_no_handshake() {
    let server = echo::serve(&Address::loopback(), Options::no_key(), 4).unwrap();
    let mut c = listener::connect(server.address(), &Options::no_key()).unwrap();
    c.send_bytes(b"plain").unwrap();
    assert_eq!(c.recv_bytes().unwrap(), b"plain");
}

#[test]
fn a_message_over_the_maximum_is_refused_before_it_is_sent() {
    let server = echo::serve(&Address::loopback(), Options::with_key(KEY), 4).unwrap();
    let options = Options { max_frame: 1024, ..Options::with_key(KEY) };
    let mut c = listener::connect(server.address(), &options).unwrap();
    assert!(matches!(c.send_bytes(&[0u8; 1025]), Err(ConnError::Frame(_))));
    c.send_bytes(&[1u8; 1024]).unwrap();
    assert_eq!(c.recv_bytes().unwrap().len(), 1024);
}

#[test]
fn at_most_max_clients_are_served_at_once_and_the_next_waits_its_turn() {
    let server = echo::serve(&Address::loopback(), Options::with_key(KEY), 2).unwrap();
    let address = server.address().clone();
    let long = Options { handshake_deadline: Duration::from_secs(20), ..Options::with_key(KEY) };
    let first = listener::connect(&address, &long).unwrap();
    let _second = listener::connect(&address, &long).unwrap();
    let third = {
        let (address, long) = (address.clone(), long.clone());
        Pending::spawn(move || {
            listener::connect(&address, &long).map(|_| ()).map_err(|e| e.to_string())
        })
    };
    let third = third
        .still_blocked_after(Duration::from_millis(300), "a third client while two are served");
    assert_eq!(server.clients(), 2);
    drop(first);
    third.finish_within(Duration::from_secs(10), "the third client once the first left").unwrap();
}

#[test]
fn stop_disconnects_every_client_and_joins_every_thread() {
    let mut server = echo::serve(&Address::loopback(), Options::with_key(KEY), 8).unwrap();
    let mut clients: Vec<Connection> = (0..3)
        .map(|_| listener::connect(server.address(), &Options::with_key(KEY)).unwrap())
        .collect();
    // One more that never speaks: stop must not wait for its deadline.
    let _silent = Socket::connect(server.address()).unwrap();
    let stopped = Pending::spawn(move || {
        server.stop();
        server.clients()
    });
    assert_eq!(stopped.finish_within(Duration::from_secs(1), "stop"), 0);
    for c in &mut clients {
        assert!(matches!(c.recv_bytes(), Err(ConnError::Closed | ConnError::Frame(_))));
    }
}

#[test]
fn a_handler_that_fails_ends_its_connection_only() {
    let handler: Handler = Arc::new(|conn: &mut Connection| {
        let first = conn.recv_bytes()?.to_vec();
        if first == b"fail" {
            return Err(ConnError::Frame(lab_12_pipe::FrameError::TooLarge { len: 0, max: 0 }));
        }
        conn.send_bytes(&first)
    });
    let server = Server::start(&Address::loopback(), Options::with_key(KEY), 4, handler).unwrap();
    let mut bad = listener::connect(server.address(), &Options::with_key(KEY)).unwrap();
    bad.send_bytes(b"fail").unwrap();
    assert!(bad.recv_bytes().is_err());
    let mut good = listener::connect(server.address(), &Options::with_key(KEY)).unwrap();
    good.send_bytes(b"fine").unwrap();
    assert_eq!(good.recv_bytes().unwrap(), b"fine");
    assert!(server.outcomes().iter().any(|o| matches!(o, Outcome::Failed(_))));
}
