//! The issue 9 routes that answer at once, over a real socket: echo,
//! status, redirects, cookies and the mirror, with exact bytes where the
//! bytes are the lesson.

#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

both_drivers!(
    echo_decodes_its_path_parameter,
    status_answers_any_known_code_with_its_rules,
    redirect_chains_end_at_hello,
    redirect_to_takes_any_method_and_only_local_targets,
    cookies_are_set_then_shown,
    mirror_shows_the_request_as_it_came,
    mirror_raw_sends_back_the_exact_bytes,
    the_index_page_lists_the_routes_with_an_upload_form_and_events,
);

use common::{Client, exchange, start};
use socket_api::Io;

fn get(addr: std::net::SocketAddr, target: &str) -> String {
    exchange(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
    )
}

fn echo_decodes_its_path_parameter(io: Io) {
    let server = start(io);
    assert_eq!(
        get(server.addr(), "/echo/h%C3%A9llo%20there"),
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 12\r\nDate: <date>\r\n\r\nhéllo there"
    );
    for (target, body) in [
        ("/echo/a%2Fb", "a/b"),
        ("/echo/a+b", "a+b"),
        ("/echo/100%", "100%"),
        ("/echo/x?y=z", "x"),
    ] {
        let got = get(server.addr(), target);
        assert!(got.ends_with(&format!("\r\n\r\n{body}")), "{target}: {got}");
    }
    assert!(get(server.addr(), "/echo/a/b").starts_with("HTTP/1.1 404 "));
    assert!(get(server.addr(), "/echo/").starts_with("HTTP/1.1 404 "));
    let bad = get(server.addr(), "/echo/%FF");
    assert!(bad.starts_with("HTTP/1.1 400 "), "{bad}");
    assert!(bad.ends_with("400 Bad Request: /echo/{text} needs text that is UTF-8 once decoded\n"));
    let post = exchange(
        server.addr(),
        b"POST /echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    );
    assert!(
        post.starts_with("HTTP/1.1 405 ") && post.contains("Allow: GET, HEAD\r\n"),
        "{post}"
    );
}

fn status_answers_any_known_code_with_its_rules(io: Io) {
    let server = start(io);
    assert_eq!(
        get(server.addr(), "/status/404"),
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 14\r\nDate: <date>\r\n\r\n404 Not Found\n"
    );
    // No body, no length, no type: nothing to describe.
    for code in ["204 No Content", "304 Not Modified"] {
        let number = &code[..3];
        let mut client = Client::connect(server.addr());
        client.send(format!("GET /status/{number} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes());
        assert_eq!(
            client.response("GET"),
            format!("HTTP/1.1 {code}\r\nDate: <date>\r\n\r\n")
        );
        // The connection goes on: nothing was left unread.
        client.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(client.response("GET").ends_with("Hello"));
    }
    let unauthorized = get(server.addr(), "/status/401");
    assert!(
        unauthorized.contains("WWW-Authenticate: Basic realm=\"status\"\r\n"),
        "{unauthorized}"
    );
    let not_allowed = get(server.addr(), "/status/405");
    assert!(
        not_allowed.contains("Allow: GET, HEAD\r\n"),
        "{not_allowed}"
    );
    // Any method, and RFC 9110's reason phrases.
    let deleted = exchange(
        server.addr(),
        b"DELETE /status/413 HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert!(
        deleted.starts_with("HTTP/1.1 413 Content Too Large\r\n"),
        "{deleted}"
    );
    assert!(
        deleted.ends_with("\r\n\r\n413 Content Too Large\n"),
        "{deleted}"
    );
    let head = exchange(
        server.addr(),
        b"HEAD /status/500 HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert!(
        head.starts_with("HTTP/1.1 500 ")
            && head.ends_with("Content-Length: 26\r\nDate: <date>\r\n\r\n"),
        "{head}"
    );
    // 1xx cannot be the answer; unknown codes and words are refused.
    assert!(get(server.addr(), "/status/100").ends_with(
        "\r\n\r\n400 Bad Request: 100 Continue is an interim (1xx) response: it comes before a final one and cannot be the answer\n"
    ));
    for code in ["418", "999", "abc", "2000", "-1"] {
        let got = get(server.addr(), &format!("/status/{code}"));
        assert!(got.starts_with("HTTP/1.1 400 "), "{code}: {got}");
        assert!(got.ends_with(&format!("400 Bad Request: {code} is not a status this server knows (see /status/200 and ROUTES.md for the list)\n")), "{got}");
    }
}

fn redirect_chains_end_at_hello(io: Io) {
    let server = start(io);
    assert_eq!(
        get(server.addr(), "/redirect/3"),
        "HTTP/1.1 302 Found\r\nContent-Type: text/plain; charset=utf-8\r\nLocation: /redirect/2\r\nContent-Length: 27\r\nDate: <date>\r\n\r\n302 Found: see /redirect/2\n"
    );
    assert!(get(server.addr(), "/redirect/1").contains("Location: /hello\r\n"));
    assert!(get(server.addr(), "/redirect/100").contains("Location: /redirect/99\r\n"));
    for n in ["0", "101", "x", "-1"] {
        let got = get(server.addr(), &format!("/redirect/{n}"));
        assert!(
            got.ends_with(&format!(
                "400 Bad Request: /redirect/{{n}} needs n from 1 to 100, not {n}\n"
            )),
            "{got}"
        );
    }
}

fn redirect_to_takes_any_method_and_only_local_targets(io: Io) {
    let server = start(io);
    for (status, line) in [
        ("", "302 Found"),
        ("&status=301", "301 Moved Permanently"),
        ("&status=303", "303 See Other"),
        ("&status=307", "307 Temporary Redirect"),
        ("&status=308", "308 Permanent Redirect"),
    ] {
        let request = format!(
            "POST /redirect-to?url=%2Fapi%3Fa%3D1{status} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
        );
        let got = exchange(server.addr(), request.as_bytes());
        assert!(got.starts_with(&format!("HTTP/1.1 {line}\r\n")), "{got}");
        assert!(got.contains("Location: /api?a=1\r\n"), "{got}");
        assert!(
            got.ends_with(&format!("\r\n\r\n{line}: see /api?a=1\n")),
            "{got}"
        );
    }
    let local = get(
        server.addr(),
        "/redirect-to?url=http://localhost:9/x&status=307",
    );
    assert!(
        local.contains("Location: http://localhost:9/x\r\n"),
        "{local}"
    );
    for (query, why) in [
        (
            "url=http://evil.example/",
            "so that it cannot be used as an open redirect",
        ),
        ("url=//evil.example/", "would be read as another host"),
        ("url=%2F%5Cevil.example", "would be read as another host"),
        (
            "url=http://localhost@evil.example/",
            "only http and https URLs",
        ),
        (
            "url=/a%0D%0ASet-Cookie:%20x=1",
            "spaces or control characters",
        ),
        (
            "url=/hello&status=200",
            "status must be 301, 302, 303, 307 or 308, not 200",
        ),
        ("status=302", "/redirect-to needs ?url=U"),
    ] {
        let got = get(server.addr(), &format!("/redirect-to?{query}"));
        assert!(
            got.starts_with("HTTP/1.1 400 ") && got.contains(why),
            "{query}: {got}"
        );
        assert!(!got.contains("Location"), "{got}");
    }
}

fn cookies_are_set_then_shown(io: Io) {
    let server = start(io);
    assert_eq!(
        get(server.addr(), "/cookies/set?theme=dark&lang=en"),
        "HTTP/1.1 302 Found\r\nLocation: /cookies\r\n\
         Set-Cookie: theme=dark; Path=/; HttpOnly; SameSite=Lax\r\n\
         Set-Cookie: lang=en; Path=/; HttpOnly; SameSite=Lax\r\n\
         Content-Length: 0\r\nDate: <date>\r\n\r\n"
    );
    assert_eq!(
        exchange(
            server.addr(),
            b"GET /cookies HTTP/1.1\r\nHost: x\r\nCookie: theme=dark; lang=en\r\nCookie: theme=light\r\n\r\n"
        ),
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 62\r\nDate: <date>\r\n\r\n\
         {\"cookies\":[[\"theme\",\"dark\"],[\"lang\",\"en\"],[\"theme\",\"light\"]]}"
    );
    assert!(get(server.addr(), "/cookies").ends_with("{\"cookies\":[]}"));
    let many: Vec<String> = (0..21).map(|i| format!("c{i}=1")).collect();
    for (query, why) in [
        ("", "give at least one NAME=VALUE"),
        (many.join("&").as_str(), "at most 20 cookies at once"),
        ("a%20b=1", "\"a b\" cannot be a cookie name"),
        (
            "a=x%3B%20Domain%3Devil",
            "the value of a cannot be sent in a cookie",
        ),
        (
            &format!("a={}", "v".repeat(4095)),
            "a=... is over 4096 bytes",
        ),
    ] {
        let got = get(server.addr(), &format!("/cookies/set?{query}"));
        assert!(
            got.starts_with("HTTP/1.1 400 ") && got.contains(why),
            "{query}: {got}"
        );
        assert!(!got.contains("Set-Cookie"), "{got}");
    }
}

fn mirror_shows_the_request_as_it_came(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    let peer = client.stream.local_addr().unwrap();
    client.send(
        b"PATCH /mirror?a=1&b=%C3%BC+x&a=2 HTTP/1.1\r\nHost: x\r\nX-Trace-Id: 7\r\nCookie: s=1\r\n\
          x-trace-id: 8\r\nContent-Length: 5\r\n\r\nh\"i\n!",
    );
    let got = client.response("PATCH");
    let json = format!(
        "{{\"method\":\"PATCH\",\"target\":\"/mirror?a=1&b=%C3%BC+x&a=2\",\"path\":\"/mirror\",\
         \"query\":[[\"a\",\"1\"],[\"b\",\"ü x\"],[\"a\",\"2\"]],\"version\":\"HTTP/1.1\",\
         \"headers\":[[\"Host\",\"x\"],[\"X-Trace-Id\",\"7\"],[\"Cookie\",\"s=1\"],[\"x-trace-id\",\"8\"],[\"Content-Length\",\"5\"]],\
         \"cookies\":[[\"s\",\"1\"]],\"body\":\"h\\\"i\\n!\",\"body_encoding\":\"text\",\"peer\":\"{peer}\"}}"
    );
    assert!(
        got.starts_with("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"),
        "{got}"
    );
    assert!(got.ends_with(&format!("\r\n\r\n{json}")), "{got}\n{json}");
    // Not UTF-8: base64. HTTP/1.0 and the absolute form, as sent.
    let got = exchange(
        server.addr(),
        b"POST http://x/mirror HTTP/1.0\r\nContent-Length: 3\r\n\r\n\xff\x00a",
    );
    assert!(got.contains("\"target\":\"/mirror\""), "{got}");
    assert!(got.contains("\"version\":\"HTTP/1.0\""), "{got}");
    assert!(
        got.contains("\"body\":\"/wBh\",\"body_encoding\":\"base64\""),
        "{got}"
    );
    let head = exchange(server.addr(), b"HEAD /mirror HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(
        head.starts_with("HTTP/1.1 200 ") && head.ends_with("\r\n\r\n"),
        "{head}"
    );
}

fn mirror_raw_sends_back_the_exact_bytes(io: Io) {
    let server = start(io);
    let request: &[u8] = b"POST /mirror?raw=1 HTTP/1.1\r\nhost: x\r\nX-A:  spaced \r\n\
        Transfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: t\r\n\r\n";
    let mut client = Client::connect(server.addr());
    client.send(request);
    let got = client.response("POST");
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: message/http\r\nContent-Length: {}\r\nDate: <date>\r\n\r\n",
        request.len()
    );
    assert_eq!(got, format!("{head}{}", String::from_utf8_lossy(request)));
    // The next request on the connection sees only its own bytes.
    let second: &[u8] = b"GET /mirror?raw=1 HTTP/1.1\r\nHost: y\r\n\r\n";
    client.send(second);
    assert!(
        client
            .response("GET")
            .ends_with(&*String::from_utf8_lossy(second))
    );
}

fn the_index_page_lists_the_routes_with_an_upload_form_and_events(io: Io) {
    let server = start(io);
    let page = get(server.addr(), "/");
    assert!(page.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"));
    for route in [
        "GET /echo/{text}",
        "/mirror</code>, any method",
        "/mirror?raw=1",
        "POST /upload",
        "GET /stream?n=N&amp;delay_ms=D",
        "GET /events?count=N&amp;interval_ms=M",
        "GET /redirect/{n}",
        "/redirect-to?url=U&amp;status=S",
        "/status/{code}",
        "GET /cookies/set?NAME=VALUE",
        "GET /cookies</code>",
        "<form method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\">",
        "new EventSource(\"/events?count=\"",
        "HTTP by hand: socket_api",
    ] {
        assert!(page.contains(route), "{route}");
    }
}
