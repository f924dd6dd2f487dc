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
        // reqwest's rustls has no provider of its own here: ring.
        let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
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

/// Reads one response from `stream`, framed by its `Content-Length`, and
/// returns its head (lower-cased, for case-insensitive field checks) and body.
/// Every response these tests ask for has a `Content-Length`.
fn read_response(stream: &mut TcpStream) -> Result<(String, Vec<u8>), String> {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 8 * 1024];
    let head_end = loop {
        if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(format!("closed after {} bytes of head", bytes.len())),
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) => return Err(format!("reading the head: {e}")),
        }
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length: "))
        .and_then(|value| value.trim().parse().ok())
        .ok_or_else(|| format!("no Content-Length in {head}"))?;
    let mut body = bytes[head_end..].to_vec();
    while body.len() < length {
        match stream.read(&mut chunk) {
            Ok(0) => return Err("closed in the body".to_owned()),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) => return Err(format!("reading the body: {e}")),
        }
    }
    Ok((head, body))
}

/// A request whose body the handler never reads (404, 405, 415), then a
/// second request on the same connection. The first answer must not leave
/// the connection in doubt: either the body is read and the second request
/// is answered, or the first answer says `Connection: close`.
///
/// 100 KB is more than hyper reads with the head, so hyper's own cheap
/// drain cannot save the connection: before `drain` existed, the second
/// request met a closed socket or a reset (what h11 and httpx saw).
#[test]
fn an_unread_body_does_not_break_the_next_request() {
    let server = start();
    let body = "a".repeat(100_000);
    let firsts = [
        ("POST /nope", "", "404 Not Found"),
        ("PUT /hello", "", "405 Method Not Allowed"),
        (
            "POST /api",
            "Content-Type: text/plain\r\n",
            "415 Unsupported Media Type",
        ),
    ];
    for (request_line, fields, status) in firsts {
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let first = format!(
            "{request_line} HTTP/1.1\r\nHost: x\r\n{fields}Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(first.as_bytes()).unwrap();
        let (head, _) = read_response(&mut stream).unwrap();
        assert!(
            head.starts_with(&format!("http/1.1 {}", status.to_ascii_lowercase())),
            "{head}"
        );
        assert!(
            !head.contains("\r\nconnection: close"),
            "{request_line}: the body fits the limit, so it is read and the connection lives: {head}"
        );

        let second = stream.write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        let answer = second
            .map_err(|e| format!("writing: {e}"))
            .and_then(|()| read_response(&mut stream));
        match answer {
            Ok((head, body)) => {
                assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
                assert_eq!(body, b"Hello");
            }
            Err(e) => panic!("{request_line}: the second request on the connection failed: {e}"),
        }
    }
    server.shutdown().unwrap();
}

/// A body over the limit is not read to its end (that is the point of a
/// limit), so the 413 says `Connection: close`, and the server closes.
#[test]
fn a_body_over_the_limit_gets_413_and_connection_close() {
    let server = start();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    // axum counts the body as it arrives, so it reads 1 MiB before it gives
    // up. The body is sent from another thread: the server stops reading
    // past the limit, and a write that blocked here would never see the 413.
    let body = vec![b'a'; 2 * framework_api::DEFAULT_MAX_BODY];
    let head = format!(
        "POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        // Fails with a reset or a broken pipe once the server has closed.
        let _ = writer.write_all(head.as_bytes());
        let _ = writer.write_all(&body);
    });
    let (head, _) = read_response(&mut stream).unwrap();
    assert!(
        head.starts_with("http/1.1 413 payload too large\r\n"),
        "{head}"
    );
    assert!(head.contains("\r\nconnection: close\r\n"), "{head}");
    sender.join().unwrap();
    server.shutdown().unwrap();
}

/// `Expect: 100-continue`: the client holds the body back until the server
/// says `100 Continue`. A 404 is the server saying "don't": it must come
/// without a `100` first, and with `Connection: close`, since the body the
/// client announced was never sent and never will be.
#[test]
fn an_unwanted_body_behind_expect_100_continue_is_not_asked_for() {
    let server = start();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(
            b"POST /nope HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n",
        )
        .unwrap();
    let (head, _) = read_response(&mut stream).unwrap();
    assert!(head.starts_with("http/1.1 404 not found\r\n"), "{head}");
    assert!(head.contains("\r\nconnection: close\r\n"), "{head}");
    server.shutdown().unwrap();
}
