//! The server on a real socket: `Running::start("127.0.0.1:0")`, then
//! requests from reqwest and from a raw `TcpStream`, then shutdown.
//!
//! These are plain `#[test]` functions, as the tour is plain Rust: the
//! server brings its own runtime, and the reqwest test builds another for
//! the client, so the two sides share nothing but the socket.
#![allow(clippy::unwrap_used)]

use framework_api::Running;
use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
};

fn start() -> Running {
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    Running::start(addr).unwrap()
}

/// Send `request` as raw bytes and read the whole answer (the request says
/// `Connection: close`, so the server closes after one response: EOF is the
/// end of the message).
fn raw_exchange(addr: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    // A server that never closed would fail the test, not hang it.
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    String::from_utf8(response).unwrap()
}

/// Split a response into its head (status line and fields) and its body.
fn head_and_body(response: &str) -> (&str, &str) {
    response.split_once("\r\n\r\n").unwrap()
}

#[test]
fn reqwest_get_and_post() {
    let server = start();
    let base = format!("http://{}", server.addr());

    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    client_runtime.block_on(async {
        // `no_proxy`: an `http_proxy` in the environment must not catch
        // requests meant for our own loopback server.
        let client = reqwest::Client::builder().no_proxy().build().unwrap();

        let response = client.get(format!("{base}/hello")).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"],
            "text/plain; charset=utf-8"
        );
        assert_eq!(response.text().await.unwrap(), "Hello");

        // reqwest without its `form` feature: the body and its type by hand.
        let response = client
            .post(format!("{base}/api"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("name=knsock&city=Z%C3%BCrich&a=1&a=2")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        assert_eq!(
            response.text().await.unwrap(),
            "POST request received with parameters:\n\
             name = knsock\ncity = Zürich\na = 1\na = 2\n"
        );

        // The same, as JSON, parsed with serde_json (reqwest's `json`
        // feature is off in this workspace).
        let response = client
            .get(format!("{base}/api?x=%C3%BC+1"))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-type"], "application/json");
        let value: serde_json::Value =
            serde_json::from_str(&response.text().await.unwrap()).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"method": "GET", "params": [["x", "ü 1"]]})
        );
    });

    server.shutdown().unwrap();
}

#[test]
fn raw_socket_get_hello() {
    let server = start();
    let response = raw_exchange(
        server.addr(),
        "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    let (head, body) = head_and_body(&response);
    // hyper writes field names in lower case; socket_api may not. Field
    // names are case-insensitive, so compare them that way.
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("\r\ncontent-type: text/plain; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("\r\ncontent-length: 5"), "{head}");
    assert_eq!(body, "Hello");
    server.shutdown().unwrap();
}

#[test]
fn raw_socket_head_of_404_has_no_body() {
    let server = start();
    let response = raw_exchange(
        server.addr(),
        "HEAD /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(
        response.starts_with("HTTP/1.1 404 Not Found\r\n"),
        "{response}"
    );
    let (_head, body) = head_and_body(&response);
    assert_eq!(body, "");
    server.shutdown().unwrap();
}

#[test]
fn raw_socket_405_carries_allow() {
    let server = start();
    let response = raw_exchange(
        server.addr(),
        "PUT /api HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert!(
        response.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"),
        "{response}"
    );
    let (head, body) = head_and_body(&response);
    assert!(
        head.to_ascii_lowercase()
            .contains("\r\nallow: get, head, post"),
        "{head}"
    );
    assert_eq!(
        body,
        "405 Method Not Allowed: PUT /api accepts GET, HEAD, POST\n"
    );
    server.shutdown().unwrap();
}

#[test]
fn shutdown_closes_the_listener() {
    let server = start();
    let addr = server.addr();
    // It answers before...
    assert!(TcpStream::connect(addr).is_ok());
    server.shutdown().unwrap();
    // ...and after shutdown() has returned, nobody listens there.
    assert!(TcpStream::connect(addr).is_err());
}

#[test]
fn drop_also_shuts_down() {
    let server = start();
    let addr = server.addr();
    drop(server);
    assert!(TcpStream::connect(addr).is_err());
}

#[test]
fn start_on_a_taken_port_is_an_error() {
    let server = start();
    let error = Running::start(server.addr()).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::AddrInUse);
    server.shutdown().unwrap();
}
