//! Each demo runs, as a library call, and shows what it claims: the naive
//! side fails in the way the chapter says, and the fixed side answers.

#![allow(clippy::unwrap_used)]

fn run(name: &str) -> String {
    let mut out = Vec::new();
    tutorial::demos::run(name, &mut out).unwrap_or_else(|e| panic!("demo {name} failed: {e}"));
    String::from_utf8(out).unwrap()
}

fn has(out: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(out.contains(w), "missing {w:?} in:\n{out}");
    }
}

#[test]
fn every_chapter_has_a_demo() {
    let names: Vec<&str> = tutorial::demos::DEMOS.iter().map(|d| d.name).collect();
    assert_eq!(
        names,
        [
            "stream",
            "head",
            "content-length",
            "routing",
            "forms",
            "body",
            "chunked",
            "keep-alive",
            "slow-clients",
            "smuggling",
            "shutdown",
            "client",
            "tls",
            "differences",
            "files",
            "uploads",
            "streams",
            "compression",
            "routes",
            "https",
            "event-loop",
        ]
    );
    assert!(tutorial::demos::run("nope", &mut Vec::new()).is_err());
}

#[test]
fn stream() {
    let out = run("stream");
    has(
        &out,
        &[
            "one read() gave me 8 bytes: \"GET /hel\"",
            "socket_api: two writes, one request, answered 200 OK",
            "framework_api: two writes, one request, answered 200 OK",
            "Address already in use",
            "sets SO_REUSEADDR on Unix: bound",
        ],
    );
}

#[test]
fn head() {
    let out = run("head");
    has(
        &out,
        &[
            "request line  GET /hello HTTP/1.1\\r\\n",
            "field \"hOsT\" = \"x\"",
            "NAIVE parser: field \"Host\" = \"x\": accepted",
            "wire: refused",
        ],
    );
    assert_eq!(out.matches("answers: 200 OK").count(), 2, "{out}");
    assert_eq!(out.matches("answers: 400 Bad Request").count(), 2, "{out}");
}

#[test]
fn content_length() {
    let out = run("content-length");
    has(
        &out,
        &[
            "client: no answer within 500 ms",
            "no chunk, no close, no size",
            "still open for another request: true",
        ],
    );
    assert_eq!(out.matches("Content-Length: 5\\r\\n").count(), 3, "{out}");
}

#[test]
fn routing() {
    let out = run("routing");
    has(
        &out,
        &[
            "405 Method Not Allowed, Allow: GET, HEAD 405 Method Not Allowed, Allow: GET, HEAD",
            "browser -> socket_api: GET /favicon.ico  404 Not Found",
            "browser -> framework_api: GET /favicon.ico  404 Not Found",
            "GET /favicon.ico  200 OK (image/svg+xml)",
        ],
    );
}

#[test]
fn forms() {
    let out = run("forms");
    assert_eq!(
        out.matches("decoded: city = Zürich   (ü = C3 BC)").count(),
        4,
        "{out}"
    );
    has(
        &out,
        &[
            "note = a & b = c",
            "\"city=ZÃ¼rich\"   <- mojibake",
            "[(\"city\", \"Zürich\")]",
        ],
    );
}

#[test]
fn body() {
    let out = run("body");
    has(
        &out,
        &[
            "client: no answer within 500 ms",
            "The server hangs in read_to_end",
            "Only after the client shut down its sending side did the server answer: \"read ",
            "with a body of 21 bytes: name=knsock&city=Bern",
            "socket_api, the body in pieces of 7 bytes: 200 OK",
            "framework_api, the body in pieces of 7 bytes: 200 OK",
            "socket_api (--max-body 1024), the same bytes: sending the next 64 KiB: ok; reading: 413 Content Too Large",
        ],
    );
    // The write after a reset fails as a reset or, if an earlier write
    // already met the RST, as a broken pipe: the kernel's timing decides.
    assert!(
        out.contains("client, sending the next 64 KiB: Connection reset by peer")
            || out.contains("client, sending the next 64 KiB: Broken pipe"),
        "{out}"
    );
}

#[test]
fn chunked() {
    let out = run("chunked");
    has(
        &out,
        &[
            "chunk size    10;note=first\\r\\n",
            "trailer       X-Trailer: done\\r\\n",
            "lost its place",
            "decoded body: \"name=knsock&x=12&city=Ulm\"",
        ],
    );
    assert_eq!(out.matches(": 200 OK \"POST request received with parameters:\\nname = knsock\\nx = 12\\ncity = Ulm\\n\"").count(), 2, "{out}");
}

#[test]
fn keep_alive() {
    let out = run("keep-alive");
    assert_eq!(out.matches("never changed").count(), 2, "{out}");
    assert_eq!(
        out.matches("server says Connection: close, then closed: true")
            .count(),
        2,
        "{out}"
    );
    assert_eq!(
        out.matches("-> 200 OK, 404 Not Found, 200 OK").count(),
        2,
        "{out}"
    );
    has(
        &out,
        &[
            "HTTP/1.0 + keep-alive  -> HTTP/1.1 200 OK, Connection: keep-alive, closed by the server: false",
            "read_to_end: 121 bytes, then \"",
        ],
    );
}

#[test]
fn slow_clients() {
    let out = run("slow-clients");
    has(
        &out,
        &[
            "NAIVE pool of 4 threads:     the fifth client: no answer within 500 ms",
            "socket_api (a thread per connection): the fifth client: 200 OK in",
            "framework_api (tokio tasks, one thread): the fifth client: 200 OK in",
            "a stalled client gets 408 Request Timeout after",
        ],
    );
}

#[test]
fn smuggling() {
    let out = run("smuggling");
    has(
        &out,
        &[
            "by Content-Length:   1 request(s): POST /hello\n",
            "by Transfer-Encoding: 2 request(s): POST /hello | GET /admin",
            "refused: both Content-Length and Transfer-Encoding",
            "socket_api: 400 Bad Request (Connection: close)\n",
            "framework_api: 405 Method Not Allowed (Connection: close)\n",
        ],
    );
}

#[test]
fn shutdown() {
    let out = run("shutdown");
    has(
        &out,
        &[
            "The client then reads: the server closed the connection without a byte",
            "socket_api::run returned: Ok(\"stopped\")",
            "Running::shutdown returned: Ok(\"stopped\")",
        ],
    );
    assert_eq!(
        out.matches("the request in flight: 200 OK, Connection: close")
            .count(),
        2,
        "{out}"
    );
}

#[test]
fn client() {
    let out = run("client");
    has(
        &out,
        &[
            "< HTTP/1.1 301 Moved Permanently",
            "* reusing connection to",
            "bodies: \"HelloHello\"",
            "reqwest::get(/old) -> 200 \"Hello\"",
            "host: 127.0.0.1:",
        ],
    );
}

#[test]
fn tls() {
    let out = run("tls");
    assert_eq!(
        out.matches("decrypted the same 87 bytes: true").count(),
        2,
        "{out}"
    );
    has(
        &out,
        &[
            "client -> server:",
            "handshake (",
            "application data (",
            "not found: it is encrypted",
        ],
    );
}

#[test]
fn differences() {
    let out = run("differences");
    has(
        &out,
        &[
            "Content-Length / content-length",
            "socket_api: 400 + close    framework_api: 200 + close",
            "socket_api: 501 + close    framework_api: 405 + open",
        ],
    );
}

#[test]
fn files() {
    let out = run("files");
    for (wanted, times) in [
        ("-> 206 Partial Content, Content-Range: bytes 0-31/580", 2),
        ("-> 304 Not Modified, 0 bytes of body", 2),
        (
            "-> 416 Range Not Satisfiable, Content-Range: bytes */580",
            2,
        ),
        ("-> 404 Not Found, not a byte of Cargo.toml", 12),
        ("-> 404 Not Found, not a byte of the secret", 2),
    ] {
        assert_eq!(out.matches(wanted).count(), times, "{wanted:?} in:\n{out}");
    }
    assert!(!out.contains("LEAKED"), "{out}");
    has(
        &out,
        &[
            "HTTP/1.1 200 OK\\r\\n",
            "content-type: text/css; charset=utf-8\\r\\n",
            "NAIVE: GET /static/%2e%2e/secret.txt -> 200 OK, body \"password = hunter2\\n\"",
        ],
    );
}

#[test]
fn streams() {
    let out = run("streams");
    // Each server's three chunks, each line in a read of its own (the last
    // chunk may come with the end or before it), the first long before the last.
    let alone = |chunk: &str| {
        out.lines()
            .filter_map(|l| l.split_once(" ms  "))
            .filter(|(_, read)| read.starts_with(chunk) && read.matches("line ").count() == 1)
            .count()
    };
    assert_eq!(alone("C\\r\\nline 1 of 3\\n\\r\\n"), 2, "{out}");
    assert_eq!(alone("C\\r\\nline 2 of 3\\n\\r\\n"), 2, "{out}");
    assert_eq!(alone("C\\r\\nline 3 of 3\\n\\r\\n"), 2, "{out}");
    for line in out.lines().filter(|l| l.starts_with("line 1 arrived at +")) {
        let gap = line
            .split(", ")
            .nth(1)
            .unwrap()
            .split(" ms")
            .next()
            .unwrap();
        assert!(gap.parse::<f64>().unwrap() >= 300.0, "{line}");
    }
    assert_eq!(
        out.matches("the body ended when the server closed: true")
            .count(),
        2,
        "{out}"
    );
    assert_eq!(out.matches("200 OK: text/event-stream").count(), 2, "{out}");
    assert_eq!(out.matches("id: 1\\n").count(), 2, "{out}");
    // After Last-Event-ID: 2, only event 3 again.
    assert_eq!(out.matches("data: event 3 of 3\\n").count(), 4, "{out}");
    has(&out, &["NAIVE server", "every line arrived at once"]);
    let naive = out
        .lines()
        .find(|l| l.starts_with("every line arrived at once"))
        .unwrap();
    let times: Vec<&str> = naive.split(": ").nth(1).unwrap().split(", ").collect();
    assert_eq!(times.len(), 3, "{naive}");
}

#[test]
fn compression() {
    let out = run("compression");
    assert!(!out.contains("DIFFERENT"), "{out}");
    assert_eq!(
        out.matches("580 bytes, the same as without gzip").count(),
        10,
        "{out}"
    );
    assert_eq!(out.matches("the body starts 1F 8B 08").count(), 2, "{out}");
    for (asked, encoding) in [
        ("(none)", "-"),
        ("gzip", "gzip"),
        ("gzip;q=0", "-"),
        ("*", "gzip"),
        ("br", "-"),
    ] {
        let rows: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("    ") && l.split_whitespace().next() == Some(asked))
            .collect();
        assert_eq!(rows.len(), 2, "{asked}: {rows:?}");
        for row in rows {
            let fields: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(fields[1], encoding, "{row}");
            assert!(fields[2].eq_ignore_ascii_case("Accept-Encoding"), "{row}");
        }
    }
    assert_eq!(
        out.matches("Content-Type: image/png, Content-Encoding: -, Vary: -")
            .count(),
        2,
        "{out}"
    );
    has(
        &out,
        &[
            "Content-Encoding: gzip\\r\\n",
            "content-encoding: gzip\\r\\n",
            "Accept-Encoding: gzip;q=0             NAIVE: gzip      wire::negotiate: identity",
        ],
    );
}

#[test]
fn routes() {
    let out = run("routes");
    for (wanted, times) in [
        ("body h\\xC3\\xA9llo w\\xC3\\xB6rld = \"héllo wörld\"", 2),
        ("    > GET /redirect/1 HTTP/1.1", 2),
        ("    > GET /hello HTTP/1.1", 2),
        ("    body: \"Hello\"", 2),
        ("    < HTTP/1.1 303 See Other", 2),
        ("    > GET /mirror HTTP/1.1", 2),
        ("the mirror saw method \"GET\" and body \"\"", 2),
        (
            "GET /status/204 -> 204 No Content, Content-Length: none, body \"\"",
            2,
        ),
        ("GET /status/418 -> 400 Bad Request", 2),
        ("Set-Cookie: theme=dark; Path=/; HttpOnly; SameSite=Lax", 2),
        ("-> 200 OK, {\"cookies\":[[\"theme\",\"dark\"]]}", 2),
        ("query:   [[\"a\",\"1\"],[\"b\",\"x y\"]]", 2),
    ] {
        assert_eq!(out.matches(wanted).count(), times, "{wanted:?} in:\n{out}");
    }
    has(
        &out,
        &[
            "headers: [[\"Host\",\"x\"],[\"X-Trace-Id\",\"42\"],[\"Accept\",\"*/*\"]]",
            "headers: [[\"host\",\"x\"],[\"x-trace-id\",\"42\"],[\"accept\",\"*/*\"]]",
            "the exact bytes it read ──\n    GET /mirror?raw=1 HTTP/1.1\\r\\n",
            "JSON again: hyper keeps no copy",
            "NAIVE \"hÃ©llo wÃ¶rld\"",
        ],
    );
}

#[test]
fn uploads() {
    let out = run("uploads");
    has(
        &out,
        &[
            "Content-Disposition: form-data; name=\"upload\"; filename=\"../../evil.txt\"\\r\\n",
            "Content-Type: multipart/form-data; boundary=",
        ],
    );
    for (wanted, times) in [
        (
            "{\"name\":\"city\",\"filename\":null,\"content_type\":null,\"size\":7,",
            2,
        ),
        (
            "\"filename\":\"../../evil.txt\",\"content_type\":\"text/plain\",\"size\":10,\"sha256\":\"dfdb6cd94f32b02af2610ed63b349300c1ad29ff52a5d883bd243d71d09cb70b\"",
            2,
        ),
        (
            "site/uploads/evil.txt    \"I got out\\n\"  inside the upload folder",
            2,
        ),
        (
            "site/uploads/notes.txt   \"hello\\n\"      inside the upload folder",
            3,
        ),
        ("OUTSIDE the upload folder", 1),
        (
            "evil.txt                 \"I got out\\n\"  OUTSIDE the upload folder",
            1,
        ),
    ] {
        assert_eq!(out.matches(wanted).count(), times, "{wanted:?} in:\n{out}");
    }
}

#[test]
fn https() {
    let out = run("https");
    assert_eq!(out.matches("body: \"Hello\", exit 0").count(), 2, "{out}");
    assert_eq!(out.matches("    > GET /hello HTTP/1.1").count(), 2, "{out}");
    assert_eq!(
        out.matches("-----BEGIN CERTIFICATE-----").count(),
        2,
        "{out}"
    );
    // Without --cacert: curl's exit 60, unless the machine has no CA store (77).
    let without: Vec<&str> = out
        .split("The same without --cacert")
        .skip(1)
        .map(|rest| rest.lines().nth(2).unwrap_or(""))
        .collect();
    assert_eq!(without.len(), 2, "{out}");
    for exit in without {
        assert!(
            exit == "    exit 60" || exit == "    exit 77",
            "{exit:?} in:\n{out}"
        );
    }
    has(
        &out,
        &[
            "socket_api with framework_api's CA:\n    get_client: SSL certificate problem: unable to get local issuer certificate",
            "(--cacert FILE trusts another CA; -k skips the check)\n    exit 60",
            "400 Bad Request: this port speaks HTTPS",
        ],
    );
}

#[test]
fn event_loop() {
    let out = run("event-loop");
    // Part 1: the idle connections, and the threads each driver took for them.
    let held: usize = out
        .split("━━ 1. ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    let row = |label: &str| -> Vec<String> {
        let line = out.lines().find(|l| l.starts_with(label)).unwrap();
        line[label.len()..]
            .split("  ")
            .map(str::trim)
            .filter(|cell| !cell.is_empty())
            .map(str::to_string)
            .collect()
    };
    let before = row("threads in this process, before");
    let after = row(&format!("threads in this process, {held} held"));
    if cfg!(target_os = "linux") {
        let number = |cell: &String| cell.parse::<i64>().unwrap();
        // Other tests run in this process meanwhile: allow for their threads.
        let threads = number(&after[0]) - number(&before[0]);
        let events = number(&after[1]) - number(&before[1]);
        let held = held as i64;
        assert!(threads >= held * 3 / 4, "{threads} more threads:\n{out}");
        assert!(events <= held / 4, "{events} more threads:\n{out}");
    } else {
        assert_eq!(after, ["not measured", "not measured"], "{out}");
    }
    for label in [
        "a new client's GET /hello, median of 20",
        "a new client's GET /hello, slowest of 20",
    ] {
        let cells = row(label);
        assert_eq!(cells.len(), 2, "{out}");
        assert!(cells.iter().all(|c| c.ends_with(" ms")), "{out}");
    }
    // Part 2: the stream's three lines, B answered meanwhile, A back on the loop.
    for line in [
        "A  line 1 of 3",
        "A  line 2 of 3",
        "A  line 3 of 3",
        "A  the last chunk",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    assert!(out.matches("  B  200 OK in ").count() >= 5, "{out}");
    assert!(
        out.contains("Then A, on the same connection: GET /hello -> 200 OK"),
        "{out}"
    );
    if cfg!(target_os = "linux") {
        assert!(out.contains("(threads named slow-request: 1)"), "{out}");
    }
    // Part 3: the nap holds up nobody on threads, and its loop's clients on events.
    has(
        &out,
        &["--io threads: 0 of 16 waited for the nap; all 16 answered in"],
    );
    let events = out
        .lines()
        .find(|l| l.starts_with("--io events ("))
        .unwrap();
    let waited: usize = events
        .split("): ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    // Which loop takes which connection is the kernel's choice; some share
    // the napping one (all of them, on one core).
    assert!(waited >= 1, "{events}");
}
