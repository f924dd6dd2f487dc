//! post_client's ways to give a body (-d, --data-urlencode, --json, -F), its
//! methods, and redirects after a POST, against scripted servers.

#![allow(clippy::unwrap_used)]

use clap::Parser;
use post_client::{Args, ClientError};
use test_servers::conversation::{Conversation, Reply};

/// Runs the client as the binary would, with stdout and stderr in memory.
fn run(args: &[&str]) -> (Result<(), ClientError>, Vec<u8>, String) {
    test_servers::run_client("post_client", args, |a, out, err| {
        post_client::run(a, out, err)
    })
}

const OK: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

/// Posts with `args` to a server that answers 200, and returns the request it saw.
fn request_for(args: &[&str]) -> String {
    let server = Conversation::start(vec![Reply::keep(OK)]);
    let url = server.url("/api");
    let mut all = vec![url.as_str()];
    all.extend_from_slice(args);
    let (result, stdout, _) = run(&all);
    result.unwrap();
    assert_eq!(stdout, b"ok");
    String::from_utf8(server.received().remove(0).request).unwrap()
}

/// The value of header `name` in a raw request, and its body.
fn header<'a>(request: &'a str, name: &str) -> Option<&'a str> {
    let head = request.split("\r\n\r\n").next()?;
    head.split("\r\n")
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
}

fn body(request: &str) -> &str {
    request.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

#[test]
fn data_is_sent_as_given_and_joined_with_ampersands() {
    let request = request_for(&["-d", "name=knsock", "-d", "x=a%20b"]);
    assert_eq!(body(&request), "name=knsock&x=a%20b");
    assert_eq!(
        header(&request, "Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header(&request, "Content-Length"), Some("19"));
}

#[test]
fn data_from_a_file_loses_its_line_breaks_and_a_missing_file_is_exit_26() {
    let dir = std::env::temp_dir().join(format!("post_client_d_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("form.txt");
    std::fs::write(&file, "a=1\r\n&b=2\n").unwrap();
    let at = format!("@{}", file.display());
    assert_eq!(body(&request_for(&["-d", &at])), "a=1&b=2");
    let (result, _, _) = run(&["http://127.0.0.1:1/", "-d", "@/no/such/file"]);
    assert_eq!(result.unwrap_err().exit_code(), 26);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn data_urlencode_encodes_the_content_not_the_name() {
    let request = request_for(&[
        "x=1",
        "--data-urlencode",
        "note=a & b = c",
        "--data-urlencode",
        "plain text",
    ]);
    assert_eq!(body(&request), "x=1&note=a+%26+b+%3D+c&plain+text");
}

#[test]
fn json_sets_both_content_type_and_accept_and_counts_bytes() {
    let request = request_for(&["--json", r#"{"city":"Zürich"}"#]);
    assert_eq!(header(&request, "Content-Type"), Some("application/json"));
    assert_eq!(header(&request, "Accept"), Some("application/json"));
    // 17 characters, 18 bytes: ü is two bytes in UTF-8.
    assert_eq!(header(&request, "Content-Length"), Some("18"));
    assert_eq!(body(&request), r#"{"city":"Zürich"}"#);
}

#[test]
fn x_sends_another_method_with_the_same_body() {
    let request = request_for(&["-X", "PATCH", "a=1"]);
    assert!(request.starts_with("PATCH /api HTTP/1.1\r\n"), "{request}");
    assert_eq!(body(&request), "a=1");
}

#[test]
fn d_and_form_together_are_a_usage_error() {
    let parsed = Args::try_parse_from(["post_client", "http://h/", "-d", "a=1", "-F", "b=2"]);
    assert_eq!(parsed.unwrap_err().exit_code(), 2);
    let parsed = Args::try_parse_from(["post_client", "http://h/", "--json", "{}", "-d", "a=1"]);
    assert_eq!(parsed.unwrap_err().exit_code(), 2);
}

#[tokio::test]
async fn multipart_is_read_back_by_a_real_parser() {
    use axum::extract::Multipart;
    use tower::ServiceExt;

    let dir = std::env::temp_dir().join(format!("post_client_f_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("notes.bin");
    let binary: Vec<u8> = (0..=255).collect();
    std::fs::write(&file, &binary).unwrap();
    let upload = format!("file=@{};type=application/x-thing", file.display());

    let request = tokio::task::spawn_blocking(move || {
        let server = Conversation::start(vec![Reply::keep(OK)]);
        let url = server.url("/upload");
        let (result, _, _) = run(&[&url, "name=knsock", "-F", "city=Zürich", "-F", &upload]);
        result.unwrap();
        server.received().remove(0).request
    })
    .await
    .unwrap();

    // Hand the bytes the server received to axum's multipart parser (multer).
    let split = request.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(request[..split].to_vec()).unwrap();
    let content_type = head
        .split("\r\n")
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap()
        .to_string();
    let length: usize = head
        .split("\r\n")
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .parse()
        .unwrap();
    let body = request[split + 4..].to_vec();
    assert_eq!(body.len(), length, "Content-Length counts the body's bytes");

    let app = axum::Router::new().route(
        "/",
        axum::routing::post(|mut form: Multipart| async move {
            let mut seen = Vec::new();
            while let Some(field) = form.next_field().await.unwrap() {
                let name = field.name().unwrap_or("").to_string();
                let filename = field.file_name().map(str::to_string);
                let ty = field.content_type().map(str::to_string);
                let bytes = field.bytes().await.unwrap().to_vec();
                seen.push((name, filename, ty, bytes));
            }
            format!("{seen:?}")
        }),
    );
    let response = app
        .oneshot(
            axum::http::Request::post("/")
                .header("content-type", content_type)
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let expected = vec![
        ("name".to_string(), None, None, b"knsock".to_vec()),
        ("city".to_string(), None, None, "Zürich".as_bytes().to_vec()),
        (
            "file".to_string(),
            Some("notes.bin".to_string()),
            Some("application/x-thing".to_string()),
            binary,
        ),
    ];
    assert_eq!(
        String::from_utf8(text.to_vec()).unwrap(),
        format!("{expected:?}")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn after_a_303_the_post_becomes_a_get_without_its_body() {
    let server = Conversation::start(vec![
        Reply::keep(b"HTTP/1.1 303 See Other\r\nLocation: /done\r\nContent-Length: 0\r\n\r\n"),
        Reply::keep(OK),
    ]);
    let (result, stdout, _) = run(&["-L", &server.url("/api"), "a=1"]);
    result.unwrap();
    assert_eq!(stdout, b"ok");
    let received = server.received();
    let second = String::from_utf8(received[1].request.clone()).unwrap();
    assert!(second.starts_with("GET /done HTTP/1.1\r\n"), "{second}");
    assert_eq!(header(&second, "Content-Length"), None, "{second}");
    assert_eq!(body(&second), "");
}

#[test]
fn after_a_307_the_post_is_sent_again_with_its_body() {
    let server = Conversation::start(vec![
        Reply::keep(
            b"HTTP/1.1 307 Temporary Redirect\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n",
        ),
        Reply::keep(OK),
    ]);
    let (result, _, _) = run(&["-L", &server.url("/api"), "a=1"]);
    result.unwrap();
    let second = String::from_utf8(server.received()[1].request.clone()).unwrap();
    assert!(second.starts_with("POST /again HTTP/1.1\r\n"), "{second}");
    assert_eq!(body(&second), "a=1");
}

#[test]
fn trace_shows_the_body_sent() {
    let server = Conversation::start(vec![Reply::keep(OK)]);
    let (result, _, stderr) = run(&["--trace", &server.url("/api"), "a=1"]);
    result.unwrap();
    assert!(
        stderr.contains("   header        Content-Length: 3\\r\\n"),
        "{stderr}"
    );
    assert!(stderr.contains("   body          a=1\n"), "{stderr}");
}

#[test]
fn a_large_body_waits_for_100_continue_and_is_not_sent_when_refused() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // A server that reads the head, refuses the body at once, and counts
    // what else arrives before the client closes.
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() == 1 {
            head.push(byte[0]);
        }
        stream
            .write_all(b"HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 9\r\n\r\ntoo large")
            .unwrap();
        stream.shutdown(std::net::Shutdown::Write).unwrap();
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        (String::from_utf8(head).unwrap(), rest.len())
    });
    let dir = std::env::temp_dir().join(format!("post_client_expect_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.txt");
    std::fs::write(&file, vec![b'a'; 2 * 1024 * 1024]).unwrap();
    let url = format!("http://{addr}/api");
    let data = format!("@{}", file.display());
    let (result, stdout, _) = run(&["-i", &url, "-d", &data]);
    result.unwrap();
    let (head, body_bytes_seen) = server.join().unwrap();
    assert!(head.contains("\r\nExpect: 100-continue\r\n"), "{head}");
    assert!(head.contains("\r\nContent-Length: 2097152\r\n"), "{head}");
    assert_eq!(body_bytes_seen, 0, "the refused body was never sent");
    assert!(
        stdout.starts_with(b"HTTP/1.1 413 Content Too Large\r\n") && stdout.ends_with(b"too large")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_server_that_ignores_expect_gets_the_body_after_a_second() {
    let dir = std::env::temp_dir().join(format!("post_client_expect2_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.txt");
    std::fs::write(&file, vec![b'a'; 1024 * 1024 + 1]).unwrap();
    // The scripted server reads the head, then the whole Content-Length body:
    // it never says 100 Continue.
    let server = Conversation::start(vec![Reply::keep(OK)]);
    let data = format!("@{}", file.display());
    let started = std::time::Instant::now();
    let (result, stdout, stderr) = run(&["-v", &server.url("/api"), "-d", &data]);
    result.unwrap();
    assert_eq!(stdout, b"ok");
    // The body was held back for the whole wait, then sent anyway.
    assert!(
        started.elapsed() >= raw_client::connection::EXPECT_WAIT,
        "{:?}",
        started.elapsed()
    );
    assert!(stderr.contains("holding the 1048577-byte body"), "{stderr}");
    let request = server.received().remove(0).request;
    assert!(String::from_utf8_lossy(&request[..200]).contains("\r\nExpect: 100-continue\r\n"));
    assert_eq!(
        request.len() - request.windows(4).position(|w| w == b"\r\n\r\n").unwrap() - 4,
        1024 * 1024 + 1
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
