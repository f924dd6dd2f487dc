//! The raw clients, as libraries, against both servers: the same command
//! line must print the same body from either.

#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;

use clap::Parser;

fn get(args: &[&str]) -> (String, String) {
    let args =
        get_client::Args::parse_from(std::iter::once("get_client").chain(args.iter().copied()));
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    get_client::run(&args, &mut stdout, &mut stderr).unwrap();
    (
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

fn post(args: &[&str]) -> (String, String) {
    let args =
        post_client::Args::parse_from(std::iter::once("post_client").chain(args.iter().copied()));
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    post_client::run(&args, &mut stdout, &mut stderr).unwrap();
    (
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

fn check(addr: SocketAddr) {
    let base = format!("http://{addr}");
    let (body, _) = get(&[&format!("{base}/api?name=knsock&city=Z%C3%BCrich")]);
    assert_eq!(
        body,
        "GET request received with parameters:\nname = knsock\ncity = Zürich\n"
    );

    let (body, _) = get(&[&format!("{base}/hello")]);
    assert_eq!(body, "Hello", "the body exactly, no newline added");

    let (body, verbose) = get(&["-v", &format!("{base}/hello")]);
    assert_eq!(body, "Hello");
    assert!(verbose.contains("> GET /hello HTTP/1.1\n"), "{verbose}");
    assert!(
        verbose
            .to_ascii_lowercase()
            .contains("< content-length: 5\n"),
        "{verbose}"
    );

    let (head, _) = get(&["-I", &format!("{base}/hello")]);
    assert!(
        head.starts_with("HTTP/1.1 200 OK\r\n") && head.ends_with("\r\n\r\n"),
        "{head}"
    );

    let (out, _) = get(&["-i", "-X", "DELETE", &format!("{base}/hello")]);
    assert!(
        out.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"),
        "{out}"
    );
    assert!(
        out.to_ascii_lowercase()
            .contains("\r\nallow: get, head\r\n"),
        "{out}"
    );

    let (json, _) = get(&["-H", "Accept: application/json", &format!("{base}/api?a=1")]);
    assert_eq!(json, r#"{"method":"GET","params":[["a","1"]]}"#);

    let (body, _) = post(&[
        &format!("{base}/api"),
        "name=knsock",
        "note=a & b = c",
        "city=Zürich",
    ]);
    assert_eq!(
        body,
        "POST request received with parameters:\nname = knsock\nnote = a & b = c\ncity = Zürich\n"
    );

    let (body, _) = post(&["-i", &format!("{base}/api")]);
    assert!(
        body.starts_with("HTTP/1.1 200 OK\r\n")
            && body.ends_with("POST request received with parameters:\n"),
        "{body}"
    );
}

#[test]
fn raw_clients_against_both_servers() {
    let any = "127.0.0.1:0".parse().unwrap();
    let socket = socket_api::Running::start(any, socket_api::Config::default()).unwrap();
    let events = socket_api::Running::start(any, on_the_event_loop()).unwrap();
    let framework = framework_api::Running::start(any).unwrap();
    check(socket.addr());
    check(events.addr());
    check(framework.addr());
    socket.shutdown().unwrap();
    events.shutdown().unwrap();
    framework.shutdown().unwrap();
}

/// `--trace` on a real chunked response from our own servers: each chunk
/// labelled as it is taken apart, and the same lines from either server.
#[test]
fn trace_shows_a_chunked_response_from_both_servers() {
    let any = "127.0.0.1:0".parse().unwrap();
    let socket = socket_api::Running::start(any, socket_api::Config::default()).unwrap();
    let events = socket_api::Running::start(any, on_the_event_loop()).unwrap();
    let framework = framework_api::Running::start(any).unwrap();
    for addr in [socket.addr(), events.addr(), framework.addr()] {
        let url = format!("http://{addr}/stream?n=2&delay_ms=0");
        let (body, trace) = get(&["--trace", &url]);
        assert_eq!(body, "line 1 of 2\nline 2 of 2\n", "{addr}");
        for label in ["chunk size", "chunk data", "chunk end", "last chunk"] {
            assert!(trace.contains(label), "{addr}: no {label:?} in\n{trace}");
        }
    }
    socket.shutdown().unwrap();
    events.shutdown().unwrap();
    framework.shutdown().unwrap();
}

/// socket_api with `--io events`: the clients see the same server.
fn on_the_event_loop() -> socket_api::Config {
    socket_api::Config {
        io: socket_api::Io::Events,
        ..socket_api::Config::default()
    }
}
