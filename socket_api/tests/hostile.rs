//! Hostile and careless clients: many stalled connections, too many
//! connections, resets mid-request. The server must keep serving everyone
//! else, with bounded resources.

#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

both_drivers!(
    hundreds_of_stalled_connections_do_not_hold_up_a_new_client,
    past_the_connection_cap_a_client_gets_503_and_a_close,
    clients_that_reset_mid_request_cost_only_their_own_connection,
    a_connection_reset_with_its_first_bytes_is_let_go_at_once,
);

use std::io::{ErrorKind, Read};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use common::{Client, exchange, start_with};
use socket_api::{Config, Io};

/// Held by the test below, so that its two drivers' runs take turns: at
/// once they would need about 1,000 file descriptors, at the edge of the
/// usual `ulimit -n` of 1024.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn hundreds_of_stalled_connections_do_not_hold_up_a_new_client(io: Io) {
    // A failed run poisons the lock; the other run still goes.
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    // A long header timeout: the stalled clients stay stalled for the whole test.
    let server = start_with(Config {
        header_timeout: Duration::from_secs(30),
        io,
        ..Config::default()
    });
    let addr = server.addr();
    // 200 connections take 600 file descriptors in this one process with
    // `--io threads` (the client's, the server's, and the server's second
    // handle), 400 with `--io events` (no second handle).
    let mut stalled: Vec<Client> = (0..200).map(|_| Client::connect(addr)).collect();
    for (i, client) in stalled.iter_mut().enumerate() {
        // Half of them send half a head; half send a head and half a body.
        if i % 2 == 0 {
            client.send(b"GET /hello HTTP/1.1\r\nHo");
        } else {
            client.send(b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\na=");
        }
    }
    // A new client is answered while all 200 are still waiting.
    assert!(exchange(addr, b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").ends_with("Hello"));
    for client in stalled.iter_mut().step_by(37) {
        client.stream.set_nonblocking(true).unwrap();
        let mut byte = [0u8; 1];
        let read = client.stream.read(&mut byte);
        assert!(
            matches!(&read, Err(e) if e.kind() == ErrorKind::WouldBlock),
            "a stalled client was answered or closed early: {read:?}"
        );
    }
}

fn past_the_connection_cap_a_client_gets_503_and_a_close(io: Io) {
    let server = start_with(Config {
        max_connections: 3,
        io,
        ..Config::default()
    });
    let addr = server.addr();
    // Three connections, each proven accepted by an answered request.
    let mut open: Vec<Client> = (0..3).map(|_| Client::connect(addr)).collect();
    for client in &mut open {
        client.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(client.response("GET").ends_with("Hello"));
    }
    let mut fourth = Client::connect(addr);
    let got = fourth.response("GET");
    assert!(
        got.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{got}"
    );
    assert!(
        got.contains("Retry-After: 1\r\n") && got.contains("Connection: close\r\n"),
        "{got}"
    );
    assert!(fourth.is_closed());
    // The three already open are still served.
    for client in &mut open {
        client.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(client.response("GET").ends_with("Hello"));
    }
}

fn clients_that_reset_mid_request_cost_only_their_own_connection(io: Io) {
    let server = start_with(Config {
        io,
        ..Config::default()
    });
    let addr = server.addr();
    let mut bystander = Client::connect(addr);
    let halves: [&[u8]; 4] = [
        b"GET /hello HTTP/1.1\r\nHo",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf",
        b"POST /api HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
        b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
    ];
    for _ in 0..25 {
        for half in halves {
            let mut client = Client::connect(addr);
            client.send(half);
            // SO_LINGER 0: closing sends a TCP reset instead of a polite FIN.
            let socket = socket2::Socket::from(client.stream);
            socket.set_linger(Some(Duration::ZERO)).unwrap();
            drop(socket);
        }
        bystander.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(bystander.response("GET").ends_with("Hello"));
    }
}

/// Bytes and a reset that arrive together: the reset must be seen then,
/// not at the head's deadline. (The event loop once took a short read to
/// mean "nothing more to read" and missed the reset that came with it.)
/// With a cap of one, the next client is served only once the first
/// connection is let go.
fn a_connection_reset_with_its_first_bytes_is_let_go_at_once(io: Io) {
    let server = start_with(Config {
        max_connections: 1,
        header_timeout: Duration::from_secs(30),
        idle_timeout: Duration::from_secs(30),
        io,
        ..Config::default()
    });
    let addr = server.addr();
    for _ in 0..5 {
        let mut client = Client::connect(addr);
        client.send(b"GET /hello HTTP/1.1\r\nHo");
        let socket = socket2::Socket::from(client.stream);
        socket.set_linger(Some(Duration::ZERO)).unwrap();
        drop(socket);
        // Until the server has seen the reset, the cap answers 503: ask
        // again, for at most 2 s (the head's deadline is 30 s away).
        let given_up = Instant::now() + Duration::from_secs(2);
        loop {
            let got = exchange(addr, b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            if got.ends_with("Hello") {
                break;
            }
            assert!(got.starts_with("HTTP/1.1 503"), "{got}");
            assert!(
                Instant::now() < given_up,
                "the reset connection is still held"
            );
            std::thread::yield_now();
        }
    }
}
