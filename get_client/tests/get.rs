//! get_client against scripted servers: every framing, the flags, the
//! exact bytes sent, and every kind of failure with curl's exit code.
#![allow(clippy::unwrap_used)]

use clap::{CommandFactory, Parser};
use get_client::{Args, ClientError};
use test_servers::{After, Fixture, Pace};

const HELLO: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHello";

/// Runs the client as the binary would, with stdout and stderr in memory.
fn run(args: &[&str]) -> (Result<(), ClientError>, Vec<u8>, String) {
    test_servers::run_client("get_client", args, |a, out, err| {
        get_client::run(a, out, err)
    })
}

fn exit_code(args: &[&str]) -> u8 {
    match run(args).0 {
        Err(e) => e.exit_code(),
        Ok(()) => 0,
    }
}

/// The request get_client sends with no flags, for `host` and `target`.
fn plain_get(target: &str, host: &str) -> Vec<u8> {
    format!(
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: get_client/0.1\r\nAccept: */*\r\n\r\n"
    )
    .into_bytes()
}

#[test]
fn content_length_body_and_the_exact_request_bytes() {
    let server = Fixture::serve(HELLO);
    let (result, stdout, stderr) = run(&[&server.url("/api?name=knsock")]);
    result.unwrap();
    assert_eq!(stdout, b"Hello", "the body, with no newline added");
    assert_eq!(stderr, "");
    let host = server.host();
    assert_eq!(
        server.seen().request,
        plain_get("/api?name=knsock", &host),
        "Host carries the port, and the fields come in this order"
    );
}

#[test]
fn chunked_body_with_an_extension_and_a_trailer() {
    let server = Fixture::serve(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
          5;lang=en\r\nHello\r\n7\r\n, world\r\n0\r\nExpires: 0\r\n\r\n",
    );
    let (result, stdout, _) = run(&[&server.url("/")]);
    result.unwrap();
    assert_eq!(
        stdout, b"Hello, world",
        "sizes, extension and trailer removed"
    );
}

#[test]
fn a_response_dribbled_one_byte_at_a_time() {
    let response = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nHello";
    let server = Fixture::script(response, Pace::ByteByByte, After::Close);
    let url = wire::HttpUrl::parse(&server.url("/slow")).unwrap();
    let request = get_client::request_bytes("GET", &url, &[]);
    let exchange = raw_client::send(&url, "GET", &request).unwrap();
    assert_eq!(exchange.head.status, 200);
    assert_eq!(
        exchange.head.headers.get("content-type"),
        Some("text/plain")
    );
    assert_eq!(exchange.response_head, &response[..response.len() - 5]);
    assert_eq!(exchange.body, b"Hello");
    assert_eq!(exchange.request, request);
    assert_eq!(server.seen().request, request);
}

#[test]
fn an_interim_100_continue_is_skipped_and_shown_with_v() {
    let response = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    let server = Fixture::serve(response);
    let (result, stdout, stderr) = run(&["-v", &server.url("/")]);
    result.unwrap();
    assert_eq!(stdout, b"ok", "the interim head is not the response");
    assert!(
        stderr.contains("< HTTP/1.1 100 Continue\n< \n< HTTP/1.1 200 OK\n"),
        "{stderr}"
    );

    let server = Fixture::serve(response);
    let url = wire::HttpUrl::parse(&server.url("/")).unwrap();
    let exchange =
        raw_client::send(&url, "GET", &get_client::request_bytes("GET", &url, &[])).unwrap();
    assert_eq!(exchange.head.status, 200);
    assert_eq!(
        exchange.response_head,
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
    );
}

#[test]
fn a_close_delimited_http_1_0_response() {
    let server =
        Fixture::serve(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
    let (result, stdout, stderr) = run(&["-v", &server.url("/")]);
    result.unwrap();
    assert_eq!(stdout, b"until the end");
    assert!(stderr.ends_with("* the server ends the connection after this response\n"));
}

#[test]
fn head_takes_no_body_even_with_a_content_length() {
    // The server keeps the connection open: a client that waited for the
    // 5 bytes Content-Length announces would wait forever.
    let head = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
    let server = Fixture::script(head, Pace::Whole, After::KeepOpen);
    let (result, stdout, _) = run(&["-I", &server.url("/api")]);
    result.unwrap();
    assert_eq!(stdout, head, "-I writes the head, exactly as received");
    let seen = server.seen();
    assert!(seen.client_closed, "the client finished without waiting");
    assert!(seen.request.starts_with(b"HEAD /api HTTP/1.1\r\n"));
}

#[test]
fn a_keep_alive_response_ends_by_its_framing_not_by_close() {
    let server = Fixture::script(HELLO, Pace::ByteByByte, After::KeepOpen);
    let (result, stdout, _) = run(&[&server.url("/")]);
    result.unwrap();
    assert_eq!(stdout, b"Hello");
    assert!(server.seen().client_closed);
}

#[test]
fn include_writes_the_head_as_received_then_the_body() {
    // Header case and the server's own order are kept, byte for byte.
    let response = b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nX-Odd:   spaced\r\nContent-Length: 5\r\n\r\nHello";
    let server = Fixture::serve(response);
    let (result, stdout, _) = run(&["-i", &server.url("/")]);
    result.unwrap();
    assert_eq!(stdout, response);
}

#[test]
fn verbose_shows_the_request_and_the_response_head_on_stderr() {
    let server = Fixture::serve(HELLO);
    let (result, stdout, stderr) = run(&["-v", &server.url("/api?name=knsock")]);
    result.unwrap();
    assert_eq!(stdout, b"Hello", "-v does not touch stdout");
    let host = server.host();
    assert_eq!(
        stderr,
        format!(
            "* connected to {host}\n\
             > GET /api?name=knsock HTTP/1.1\n\
             > Host: {host}\n\
             > User-Agent: get_client/0.1\n\
             > Accept: */*\n\
             > \n\
             < HTTP/1.1 200 OK\n\
             < Content-Length: 5\n\
             < \n\
             * keep-alive: the connection could carry another request\n"
        )
    );
}

#[test]
fn user_headers_replace_remove_and_add() {
    let server = Fixture::serve(HELLO);
    let (result, _, _) = run(&[
        "-H",
        "accept: text/plain",
        "-H",
        "User-Agent:",
        "-H",
        "X-Trace:  1 ",
        &server.url("/"),
    ]);
    result.unwrap();
    let host = server.host();
    assert_eq!(
        String::from_utf8(server.seen().request).unwrap(),
        format!("GET / HTTP/1.1\r\nHost: {host}\r\naccept: text/plain\r\nX-Trace: 1\r\n\r\n")
    );
}

#[test]
fn a_header_with_a_semicolon_is_sent_empty_as_curl_does() {
    // curl(1) -H: 'Name;' sends `Name:` with no value; 'Name:' sends
    // nothing (and removes a default header of that name).
    let server = Fixture::serve(HELLO);
    let (result, _, _) = run(&[
        "-H",
        "X-Empty;",
        "-H",
        "X-Gone:",
        "-H",
        "Accept;",
        &server.url("/"),
    ]);
    result.unwrap();
    let host = server.host();
    assert_eq!(
        String::from_utf8(server.seen().request).unwrap(),
        format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: get_client/0.1\r\nAccept:\r\nX-Empty:\r\n\r\n"
        )
    );
}

#[test]
fn another_method_with_x_and_a_405_is_still_a_response() {
    let response = b"HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 18\r\n\r\nmethod not allowed";
    let server = Fixture::serve(response);
    let (result, stdout, _) = run(&["-X", "DELETE", &server.url("/api")]);
    result.unwrap();
    assert_eq!(
        stdout, b"method not allowed",
        "an error status is not a failed transfer (no -f)"
    );
    assert!(
        server
            .seen()
            .request
            .starts_with(b"DELETE /api HTTP/1.1\r\n")
    );
}

#[test]
fn a_malformed_status_line_is_a_weird_server_reply_exit_8() {
    let server = Fixture::serve(b"HTTP/1.1 OK\r\n\r\n");
    let (result, _, _) = run(&[&server.url("/")]);
    let error = result.unwrap_err();
    assert_eq!(error.exit_code(), 8);
    assert!(
        error.to_string().starts_with("weird server reply"),
        "{error}"
    );
}

#[test]
fn a_server_that_closes_mid_body_is_exit_56() {
    let server = Fixture::serve(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHel");
    let (result, stdout, _) = run(&[&server.url("/")]);
    assert_eq!(result.unwrap_err().exit_code(), 56);
    assert_eq!(
        stdout, b"Hel",
        "what arrived was already written, as curl does"
    );
}

#[test]
fn an_empty_reply_is_exit_56() {
    let server = Fixture::serve(b"");
    assert_eq!(exit_code(&[&server.url("/")]), 56);
}

#[test]
fn a_refused_connection_is_exit_7() {
    // Bind a port, then free it: nothing listens there now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (result, _, _) = run(&[&format!("http://127.0.0.1:{port}/")]);
    let error = result.unwrap_err();
    assert_eq!(error.exit_code(), 7);
    assert!(
        error
            .to_string()
            .starts_with("could not connect to 127.0.0.1:"),
        "{error}"
    );
}

#[test]
fn bad_urls_are_exit_3() {
    assert_eq!(exit_code(&["127.0.0.1:8080/api"]), 3);
    assert_eq!(exit_code(&["http://127.0.0.1:8080/a b"]), 3);
    assert_eq!(exit_code(&["ftp://127.0.0.1/"]), 3);
}

#[test]
fn bad_flags_are_usage_errors_exit_2() {
    for bad in [
        &["-H", "no colon"][..],
        &["-H", "Bad Name: x"],
        &["-H", "X: a\r\nInjected: 1"],
        &["-X", "GET /"],
        &["--no-such-flag"],
    ] {
        let parsed = Args::try_parse_from(std::iter::once("get_client").chain(bad.iter().copied()));
        assert_eq!(parsed.unwrap_err().exit_code(), 2, "{bad:?}");
    }
}

#[test]
fn writing_output_that_fails_is_exit_23() {
    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let server = Fixture::serve(HELLO);
    let args = Args::try_parse_from(["get_client", &server.url("/")]).unwrap();
    let error = get_client::run(&args, &mut Closed, &mut Vec::new()).unwrap_err();
    assert_eq!(error.exit_code(), 23);
}

#[test]
fn help_names_the_default_url_and_curls_flags() {
    let help = Args::command().render_help().to_string();
    for expected in [
        "http://127.0.0.1:8080/api?name=knsock",
        "--verbose",
        "--include",
        "--header",
        "--request",
        "--head",
    ] {
        assert!(help.contains(expected), "{expected} missing from:\n{help}");
    }
    let args = Args::try_parse_from(["get_client"]).unwrap();
    assert_eq!(args.urls, [get_client::cli::DEFAULT_URL]);
    assert_eq!(args.method(), "GET");
}

/// The binary itself, with its stdout or stderr a pipe nobody reads (as in
/// `get_client -v URL 2>&1 | head -1` once head has its line). The only
/// test here that runs the binary: the last thing main does, printing the
/// error line, is what must not panic. The read end is closed as soon as
/// the child starts, before it can have connected, so its first write fails.
#[test]
fn a_closed_stdout_or_stderr_is_exit_23_not_a_panic() {
    use std::process::{Command, Stdio};
    use test_servers::conversation::{Conversation, Reply};
    let big = {
        let mut reply = b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n".to_vec();
        reply.resize(reply.len() + 1_000_000, b'x');
        reply
    };
    // (flags, close stdout, close stderr)
    let cases: [(&[&str], bool, bool); 3] = [
        (&["-v"], false, true),
        (&["-v"], true, true),
        (&[], true, false),
    ];
    for (flags, close_stdout, close_stderr) in cases {
        let server = Conversation::start(vec![Reply::close(&big)]);
        let pipe_or_null = |closed| {
            if closed {
                Stdio::piped()
            } else {
                Stdio::null()
            }
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_get_client"))
            .args(flags)
            .arg(server.url("/"))
            .stdout(pipe_or_null(close_stdout))
            .stderr(pipe_or_null(close_stderr))
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(23),
            "{flags:?} stdout closed: {close_stdout}, stderr closed: {close_stderr}"
        );
    }
}
