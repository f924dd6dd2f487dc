//! The small routes of issue 9 over real sockets: /echo, /mirror, /status,
//! /redirect, /redirect-to, /cookies, and gzip negotiation.
#![allow(clippy::unwrap_used)]

mod common;
use common::{get, gunzip, request, start};

#[test]
fn echo_decodes_its_path_parameter() {
    let server = start();
    let response = get(server.addr(), "/echo/h%C3%A9llo%20there+x%2Fy", "");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(response.text(), "héllo there+x/y");
    assert_eq!(get(server.addr(), "/echo/%FF", "").status, 400);
    assert_eq!(get(server.addr(), "/echo/a/b", "").status, 404);
    assert_eq!(get(server.addr(), "/echo/", "").status, 404);
}

#[test]
fn mirror_describes_the_request() {
    let server = start();
    let response = request(
        server.addr(),
        "PUT",
        "/mirror?a=1&b=x+y&a=%C3%BC",
        "X-First: 1\r\nCookie: k=v; k2=v2\r\nX-First: 2\r\n",
        b"body text",
    );
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let json: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // serde_json without `preserve_order` sorts keys; the order on the
    // wire is checked on the text below.
    assert_eq!(keys.len(), 10, "{keys:?}");
    let text = response.text();
    let order = [
        "\"method\"",
        "\"target\"",
        "\"path\"",
        "\"query\"",
        "\"version\"",
        "\"headers\"",
        "\"cookies\"",
        "\"body\"",
        "\"body_encoding\"",
        "\"peer\"",
    ];
    let positions: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert_eq!(json["method"], "PUT");
    assert_eq!(json["target"], "/mirror?a=1&b=x+y&a=%C3%BC");
    assert_eq!(json["path"], "/mirror");
    assert_eq!(
        json["query"],
        serde_json::json!([["a", "1"], ["b", "x y"], ["a", "ü"]])
    );
    assert_eq!(json["version"], "HTTP/1.1");
    // hyper: names lower-cased, values of one name together.
    assert_eq!(
        json["headers"],
        serde_json::json!([
            ["host", "test"],
            ["x-first", "1"],
            ["x-first", "2"],
            ["cookie", "k=v; k2=v2"],
            ["content-length", "9"],
            ["connection", "close"]
        ])
    );
    assert_eq!(
        json["cookies"],
        serde_json::json!([["k", "v"], ["k2", "v2"]])
    );
    assert_eq!(json["body"], "body text");
    assert_eq!(json["body_encoding"], "text");
    assert!(
        json["peer"].as_str().unwrap().starts_with("127.0.0.1:"),
        "{json}"
    );

    let binary = request(server.addr(), "POST", "/mirror", "", &[0xff, 0x00, 0xfe]);
    let json: serde_json::Value = serde_json::from_slice(&binary.body).unwrap();
    assert_eq!(json["body"], "/wD+");
    assert_eq!(json["body_encoding"], "base64");

    let head = request(server.addr(), "HEAD", "/mirror", "", b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[test]
fn status_answers_the_table_with_its_rules() {
    let server = start();
    let ok = get(server.addr(), "/status/201", "");
    assert_eq!((ok.status, ok.text().as_str()), (201, "201 Created\n"));
    let large = get(server.addr(), "/status/413", "");
    assert_eq!(large.text(), "413 Content Too Large\n");
    for code in ["204", "304"] {
        let empty = get(server.addr(), &format!("/status/{code}"), "");
        assert_eq!(empty.status.to_string(), code);
        assert!(empty.body.is_empty());
        assert_eq!(empty.header("content-length"), None, "{}", empty.head);
    }
    let interim = get(server.addr(), "/status/100", "");
    assert_eq!(interim.status, 400);
    assert!(
        interim.text().contains("interim (1xx)"),
        "{}",
        interim.text()
    );
    for unknown in ["418", "999", "abc", "2000"] {
        assert_eq!(
            get(server.addr(), &format!("/status/{unknown}"), "").status,
            400
        );
    }
    let auth = request(server.addr(), "POST", "/status/401", "", b"");
    assert_eq!(auth.status, 401);
    assert!(auth.header("www-authenticate").is_some());
    assert_eq!(
        get(server.addr(), "/status/405", "").header("allow"),
        Some("GET, HEAD")
    );
}

#[test]
fn redirect_chains_end_at_hello() {
    let server = start();
    let first = get(server.addr(), "/redirect/3", "");
    assert_eq!(first.status, 302);
    assert_eq!(first.header("location"), Some("/redirect/2"));
    assert_eq!(
        get(server.addr(), "/redirect/1", "").header("location"),
        Some("/hello")
    );
    for bad in ["0", "101", "x", "-1"] {
        assert_eq!(
            get(server.addr(), &format!("/redirect/{bad}"), "").status,
            400
        );
    }
}

#[test]
fn redirect_to_any_method_with_the_statuses_asked() {
    let server = start();
    for status in [301, 302, 303, 307, 308] {
        let response = request(
            server.addr(),
            "POST",
            &format!("/redirect-to?url=%2Fhello%3Fx%3D1&status={status}"),
            "",
            b"a=1",
        );
        assert_eq!(response.status, status);
        assert_eq!(response.header("location"), Some("/hello?x=1"));
    }
    assert_eq!(
        get(server.addr(), "/redirect-to?url=/hello", "").status,
        302
    );
    let local = get(server.addr(), "/redirect-to?url=http://localhost:1/x", "");
    assert_eq!(local.header("location"), Some("http://localhost:1/x"));
    for refused in [
        "/redirect-to?url=/hello&status=304",
        "/redirect-to?url=/hello&status=200",
        "/redirect-to?status=302",
        "/redirect-to?url=http://example.com/",
        "/redirect-to?url=//example.com/",
        "/redirect-to?url=/a%0D%0ASet-Cookie:%20x=1",
    ] {
        assert_eq!(get(server.addr(), refused, "").status, 400, "{refused}");
    }
}

#[test]
fn cookies_are_set_and_shown() {
    let server = start();
    let set = get(server.addr(), "/cookies/set?theme=dark&lang=en", "");
    assert_eq!(set.status, 302);
    assert_eq!(set.header("location"), Some("/cookies"));
    let cookies: Vec<&str> = set
        .head
        .lines()
        .filter_map(|line| line.strip_prefix("set-cookie: "))
        .collect();
    assert_eq!(
        cookies,
        [
            "theme=dark; Path=/; HttpOnly; SameSite=Lax",
            "lang=en; Path=/; HttpOnly; SameSite=Lax"
        ]
    );
    let shown = get(server.addr(), "/cookies", "Cookie: theme=dark; lang=en\r\n");
    assert_eq!(
        shown.text(),
        r#"{"cookies":[["theme","dark"],["lang","en"]]}"#
    );
    assert_eq!(
        get(server.addr(), "/cookies", "").text(),
        r#"{"cookies":[]}"#
    );
    for bad in [
        "/cookies/set",
        "/cookies/set?a%20b=1",
        "/cookies/set?a=x%3By",
    ] {
        assert_eq!(get(server.addr(), bad, "").status, 400, "{bad}");
    }
}

#[test]
fn gzip_is_negotiated_with_q_values() {
    let server = start();
    let plain = get(server.addr(), "/", "");
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.header("vary"), Some("accept-encoding"));
    for (accept, gzip) in [
        ("gzip", true),
        ("x-gzip", true),
        ("deflate, gzip;q=0.5", true),
        ("*", true),
        ("br, *;q=0.1", true),
        ("gzip;q=0", false),
        ("gzip;q=0, *", false),
        ("*;q=0", false),
        ("identity", false),
        ("br", false),
    ] {
        let response = get(
            server.addr(),
            "/",
            &format!("Accept-Encoding: {accept}\r\n"),
        );
        assert_eq!(
            response.header("content-encoding") == Some("gzip"),
            gzip,
            "{accept}: {}",
            response.head
        );
        let body = if gzip {
            assert_eq!(response.header("content-length"), None);
            gunzip(&response.unchunked())
        } else {
            response.body.clone()
        };
        assert_eq!(body, plain.body, "{accept}");
    }
    // Too short to be worth it: /hello goes as it is.
    let short = get(server.addr(), "/hello", "Accept-Encoding: gzip\r\n");
    assert_eq!(short.header("content-encoding"), None);
}

#[test]
fn head_agrees_with_get_compressed_or_not() {
    let server = start();
    for target in [
        "/",
        "/static/style.css",
        "/stream?n=2&delay_ms=0",
        "/mirror",
    ] {
        for accept in ["", "Accept-Encoding: gzip\r\n"] {
            let get = request(server.addr(), "GET", target, accept, b"");
            let head = request(server.addr(), "HEAD", target, accept, b"");
            assert_eq!(head.status, get.status);
            assert!(head.body.is_empty());
            // hyper leaves out `Transfer-Encoding: chunked` on a HEAD,
            // which RFC 9110 §9.3.2 allows; /mirror's JSON differs in its
            // method, so its length may too.
            let strip = |lines: Vec<&str>| -> Vec<String> {
                lines
                    .into_iter()
                    .filter(|l| *l != "transfer-encoding: chunked")
                    .filter(|l| !(target == "/mirror" && l.starts_with("content-length")))
                    .map(str::to_owned)
                    .collect()
            };
            assert_eq!(
                strip(head.headers_but_date()),
                strip(get.headers_but_date()),
                "{target} {accept}"
            );
        }
    }
}
