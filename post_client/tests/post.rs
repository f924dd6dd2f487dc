//! post_client against scripted servers: the exact bytes of a form POST,
//! the body read back by a real form parser, and the flags.
#![allow(clippy::unwrap_used)]

use clap::CommandFactory;
use post_client::{Args, ClientError};
use test_servers::{After, Fixture, Pace};

const CREATED: &[u8] = b"HTTP/1.1 201 Created\r\nContent-Length: 7\r\n\r\ncreated";

/// Runs the client as the binary would, with stdout and stderr in memory.
fn run(args: &[&str]) -> (Result<(), ClientError>, Vec<u8>, String) {
    test_servers::run_client("post_client", args, |a, out, err| {
        post_client::run(a, out, err)
    })
}

/// Posts `args` after the fixture's URL; returns what the server received.
fn posted(extra_flags: &[&str], fields: &[&str]) -> String {
    let server = Fixture::serve(CREATED);
    let url = server.url("/api");
    let mut args: Vec<&str> = extra_flags.to_vec();
    args.push(&url);
    args.extend_from_slice(fields);
    let (result, stdout, _) = run(&args);
    result.unwrap();
    assert_eq!(stdout, b"created");
    String::from_utf8(server.seen().request).unwrap()
}

/// The head post_client sends for a body of `length` bytes.
fn form_head(method: &str, host: &str, length: usize) -> String {
    format!(
        "{method} /api HTTP/1.1\r\n\
         Host: {host}\r\n\
         User-Agent: post_client/0.1\r\n\
         Accept: */*\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {length}\r\n\
         \r\n"
    )
}

fn body_of(request: &str) -> &str {
    request.split_once("\r\n\r\n").unwrap().1
}

#[test]
fn the_exact_bytes_with_content_length_counted_in_bytes() {
    let server = Fixture::serve(CREATED);
    let (result, _, _) = run(&[&server.url("/api"), "city=Zürich"]);
    result.unwrap();
    let host = server.host();
    let request = String::from_utf8(server.seen().request).unwrap();
    // "city=Zürich" is 11 characters; encoded, the ü is %C3%BC, its two
    // UTF-8 bytes in hex, and the body is 16 bytes.
    assert_eq!(request, form_head("POST", &host, 16) + "city=Z%C3%BCrich");
}

#[test]
fn reserved_characters_are_percent_encoded_and_spaces_become_plus() {
    let request = posted(&[], &["note=a & b = c"]);
    assert_eq!(body_of(&request), "note=a+%26+b+%3D+c");
    assert!(request.contains("Content-Length: 18\r\n"));
}

#[test]
fn repeated_names_are_kept_in_order() {
    let request = posted(&[], &["a=1", "b=2", "a=3"]);
    assert_eq!(body_of(&request), "a=1&b=2&a=3");
}

#[test]
fn a_real_form_parser_gives_back_the_pairs() {
    let fields = [
        ("name", "knsock"),
        ("note", "a & b = c"),
        ("city", "Zürich"),
        ("math", "1+1=2"),
        ("pct", "100%"),
        ("empty", ""),
        ("name", "again"),
    ];
    let args: Vec<String> = fields.iter().map(|(n, v)| format!("{n}={v}")).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let request = posted(&[], &args);
    let parsed: Vec<(String, String)> = form_urlencoded::parse(body_of(&request).as_bytes())
        .into_owned()
        .collect();
    let expected: Vec<(String, String)> = fields
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    assert_eq!(parsed, expected);
}

#[test]
fn x_put_sends_the_same_body_with_another_method() {
    let server = Fixture::serve(CREATED);
    let (result, _, _) = run(&["-X", "PUT", &server.url("/api"), "name=knsock"]);
    result.unwrap();
    let host = server.host();
    assert_eq!(
        String::from_utf8(server.seen().request).unwrap(),
        form_head("PUT", &host, 11) + "name=knsock"
    );
}

#[test]
fn no_fields_is_an_empty_body_with_content_length_0() {
    let server = Fixture::serve(CREATED);
    let (result, _, _) = run(&[&server.url("/api")]);
    result.unwrap();
    let host = server.host();
    assert_eq!(
        String::from_utf8(server.seen().request).unwrap(),
        form_head("POST", &host, 0)
    );
}

#[test]
fn user_headers_replace_the_defaults() {
    let request = posted(
        &[
            "-H",
            "Content-Type: text/plain; charset=utf-8",
            "-H",
            "X-Trace: 1",
        ],
        &["a=1"],
    );
    assert!(
        request.contains(
            "Accept: */*\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\nX-Trace: 1\r\n\r\na=1"
        ),
        "{request}"
    );
}

#[test]
fn verbose_shows_the_head_and_the_size_of_the_body() {
    let server = Fixture::serve(CREATED);
    let (result, stdout, stderr) = run(&["-v", &server.url("/api"), "city=Zürich"]);
    result.unwrap();
    assert_eq!(stdout, b"created");
    let host = server.host();
    assert_eq!(
        stderr,
        format!(
            "* connected to {host}\n\
             > POST /api HTTP/1.1\n\
             > Host: {host}\n\
             > User-Agent: post_client/0.1\n\
             > Accept: */*\n\
             > Content-Type: application/x-www-form-urlencoded\n\
             > Content-Length: 16\n\
             > \n\
             * upload completely sent off: 16 bytes\n\
             < HTTP/1.1 201 Created\n\
             < Content-Length: 7\n\
             < \n\
             * keep-alive: the connection could carry another request\n"
        )
    );
}

#[test]
fn include_and_an_interim_100_continue() {
    let response =
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
    let server = Fixture::serve(response);
    let (result, stdout, _) = run(&["-i", &server.url("/api"), "a=1"]);
    result.unwrap();
    assert_eq!(
        stdout, response,
        "-i shows every head as received, as curl does"
    );
}

#[test]
fn send_returns_the_whole_exchange() {
    let server = Fixture::serve(CREATED);
    let url = wire::HttpUrl::parse(&server.url("/api")).unwrap();
    let pairs = [("name".to_string(), "knsock".to_string())];
    let body = post_client::Body::form(&pairs);
    let request = post_client::request_bytes("POST", &url, Some(&body), &[]);
    let exchange = raw_client::send(&url, "POST", &request).unwrap();
    assert_eq!(exchange.head.status, 201);
    assert_eq!(exchange.body, b"created");
    assert_eq!(exchange.response_head, &CREATED[..CREATED.len() - 7]);
    assert_eq!(server.seen().request, request);
}

#[test]
fn a_dribbled_answer_on_a_kept_open_connection_ends_by_its_framing() {
    let server = Fixture::script(CREATED, Pace::ByteByByte, After::KeepOpen);
    let (result, stdout, _) = run(&[&server.url("/api"), "a=1"]);
    result.unwrap();
    assert_eq!(stdout, b"created");
    let seen = server.seen();
    assert!(
        seen.client_closed,
        "the client did not wait for the server to close"
    );
    assert!(seen.request.ends_with(b"\r\n\r\na=1"));
}

#[test]
fn a_field_without_equals_is_a_usage_error_exit_2() {
    let (result, _, _) = run(&["http://127.0.0.1:1/api", "a=1", "oops"]);
    let error = result.unwrap_err();
    assert_eq!(error.exit_code(), 2);
    assert!(error.to_string().contains("\"oops\""), "{error}");
}

#[test]
fn a_malformed_response_and_a_cut_off_one_get_curls_codes() {
    let server = Fixture::serve(b"HTTP/1.1 2OO OK\r\n\r\n");
    assert_eq!(
        run(&[&server.url("/api"), "a=1"])
            .0
            .unwrap_err()
            .exit_code(),
        8
    );
    let server = Fixture::serve(b"HTTP/1.1 201 Created\r\nContent-Length: 9\r\n\r\ncre");
    assert_eq!(
        run(&[&server.url("/api"), "a=1"])
            .0
            .unwrap_err()
            .exit_code(),
        56
    );
    // https is spoken now: nothing listens on port 1, so the connection is refused.
    assert_eq!(
        run(&["-k", "https://127.0.0.1:1/"])
            .0
            .unwrap_err()
            .exit_code(),
        7
    );
}

#[test]
fn help_names_the_default_url_and_the_fields() {
    let help = Args::command().render_help().to_string();
    for expected in [
        "http://127.0.0.1:8080/api",
        "[NAME=VALUE]...",
        "--header",
        "--request",
    ] {
        assert!(help.contains(expected), "{expected} missing from:\n{help}");
    }
}
