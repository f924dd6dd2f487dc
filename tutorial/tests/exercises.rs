//! The checker can fail: every reference solution passes, every pristine
//! starter fails with "not written yet", and for each exercise a wrong
//! solution fails on the case that names its mistake.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use exercises::kit;
use exercises::readiness::{LoopConn, Next, OUT_BOUND, Socket};
use tutorial::check::{self, EXERCISES, Exercise, Implementation, Outcome};
use wire::server::Event;

const SEED: u64 = 20240601;

fn exercise(name: &str) -> &'static Exercise {
    Exercise::find(name).expect("every exercise is in the catalog")
}

fn solutions() -> Implementation {
    tutorial::implementation!(solutions)
}

#[test]
fn every_solution_passes() {
    // Two seeds, so a solution that passes by luck is caught.
    let mut failed = Vec::new();
    for seed in [SEED, 1] {
        for exercise in &EXERCISES {
            let outcome = check::run::check(exercise, solutions(), seed, None);
            if outcome != Outcome::Passed {
                failed.push(format!("{} with seed {seed}: {outcome:?}", exercise.name));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_pristine_starter_is_not_written_yet() {
    let starters = tutorial::implementation!(exercises);
    for exercise in &EXERCISES {
        match check::run::check(exercise, starters, SEED, None) {
            Outcome::Unfinished { at } => {
                assert!(
                    at.contains(&format!("{}.rs", exercise.name)),
                    "{}: {at}",
                    exercise.name
                )
            }
            other => panic!("{}: {other:?}", exercise.name),
        }
    }
}

/// `name` of `implementation` fails, first on a case whose name holds `case`.
#[track_caller]
fn fails_on(name: &str, implementation: Implementation, case: &str) {
    match check::run::check(exercise(name), implementation, SEED, None) {
        Outcome::Failed { failure, .. } => assert!(
            failure.case.contains(case),
            "{name} failed on {:?}, not on a case with {case:?}:\n{failure}",
            failure.case
        ),
        other => panic!("{name}: expected a failure on {case:?}, got {other:?}"),
    }
}

// Wrong servers for the server-level exercises: the given parts of the
// starter, with the part the student writes done wrong.

/// ex05: HEAD answered like GET, body and all.
fn head_with_body(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, |mut stream| {
        let mut buf = Vec::new();
        if let Some(request) = kit::read_request(&mut stream, &mut buf)? {
            let body = kit::hello_body(&request);
            stream.write_all(&kit::response(200, "OK", body.as_bytes(), true))?;
        }
        kit::close_gently(stream);
        Ok(())
    })
}

/// ex11: one read, taken as the whole body.
fn one_read_body(stream: &mut TcpStream, buf: &mut Vec<u8>, length: usize) -> io::Result<Vec<u8>> {
    if buf.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk)?;
        buf.extend_from_slice(&chunk[..n]);
    }
    let take = length.min(buf.len());
    Ok(buf.drain(..take).collect())
}

fn echo_with_one_read(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, |mut stream| {
        let mut buf = Vec::new();
        let Some(head) = kit::read_head(&mut stream, &mut buf)? else {
            return Ok(());
        };
        let length = kit::content_length(&head).unwrap_or(0);
        let body = one_read_body(&mut stream, &mut buf, length)?;
        stream.write_all(&kit::response(200, "OK", &body, true))?;
        kit::close_gently(stream);
        Ok(())
    })
}

/// ex13: `Connection: close` compared case-sensitively.
fn close_case_sensitive(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, |mut stream| {
        let mut buf = Vec::new();
        while let Some(request) = kit::read_request(&mut stream, &mut buf)? {
            let close = request
                .header("Connection")
                .is_some_and(|v| v.split(',').any(|t| t.trim() == "close"));
            let last = close
                || (request.is_http10() && request.header("Connection") != Some("keep-alive"));
            kit::answer(&mut stream, &request, last)?;
            if last {
                break;
            }
        }
        kit::close_gently(stream);
        Ok(())
    })
}

/// ex13: one request per connection, whatever the client asks.
fn close_always(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, |mut stream| {
        let mut buf = Vec::new();
        if let Some(request) = kit::read_request(&mut stream, &mut buf)? {
            kit::answer(&mut stream, &request, true)?;
        }
        kit::close_gently(stream);
        Ok(())
    })
}

/// ex14: a read timeout set once, per read: a byte now and then resets it.
fn timeout_per_read(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, |mut stream| {
        stream.set_read_timeout(Some(solutions::ex14_timeout::HEAD_TIMEOUT))?;
        let mut buf = Vec::new();
        match kit::read_request(&mut stream, &mut buf) {
            Ok(Some(request)) => kit::answer(&mut stream, &request, true)?,
            Ok(None) => return Ok(()),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                stream.write_all(&kit::response(408, "Request Timeout", b"too slow\n", true))?
            }
            Err(e) => return Err(e),
        }
        kit::close_gently(stream);
        Ok(())
    })
}

/// ex16: stops accepting, but returns without waiting for its threads.
fn shutdown_without_join(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false)?;
                std::thread::spawn(move || solutions::ex16_shutdown::handle(stream));
            }
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
        }
    }
    Ok(())
}

/// ex16: never looks at the stop flag.
fn shutdown_never(listener: TcpListener, _stop: Arc<AtomicBool>) -> io::Result<()> {
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || solutions::ex16_shutdown::handle(stream));
    }
    Ok(())
}

fn add_wrapping(request: &socket_api::Request) -> socket_api::Response {
    let pairs = wire::form::decode(request.query().as_bytes());
    let number = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.parse::<u32>().ok())
    };
    match (number("a"), number("b")) {
        (Some(a), Some(b)) => {
            socket_api::Response::text(wire::StatusCode::OK, format!("{}\n", a.wrapping_add(b)))
        }
        _ => socket_api::Response::text(wire::StatusCode::BAD_REQUEST, "bad\n"),
    }
}

async fn upload_without_limit(body: axum::body::Bytes) -> String {
    format!("got {} bytes\n", body.len())
}

/// ex25's reference solution with one mistake in it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mistake {
    /// One read per wake-up, as if the loop were level-triggered.
    OneReadPerWake,
    /// Everything counted as written, however much a write took.
    WholeWrites,
    /// Reading on, whatever is queued.
    NoBackpressure,
    /// `Next::Close` as soon as the machine is closed, bytes queued or not.
    CloseAtOnce,
    /// `Ok(0)` given to the machine as data: the close is never seen.
    EofAsData,
}

fn on_ready_with(conn: &mut LoopConn, socket: &mut dyn Socket, mistake: Mistake) -> Next {
    let mut reads = 0;
    loop {
        while !conn.out.is_empty() {
            match socket.write(&conn.out) {
                Ok(0) => return Next::Close,
                Ok(n) if mistake == Mistake::WholeWrites && n > 0 => conn.out.clear(),
                Ok(n) => {
                    conn.out.drain(..n);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(_) => return Next::Close,
            }
        }
        if conn.out.len() >= OUT_BOUND && mistake != Mistake::NoBackpressure {
            return Next::Wait;
        }
        match conn.machine.next_event() {
            Event::NeedData { .. } => {
                if reads == 1 && mistake == Mistake::OneReadPerWake {
                    return Next::Wait;
                }
                reads += 1;
                let mut buf = [0u8; 4096];
                match socket.read(&mut buf) {
                    Ok(0) if mistake != Mistake::EofAsData => conn.machine.receive_eof(),
                    Ok(n) => conn.machine.receive(&buf[..n], Instant::now()),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Next::Wait,
                    Err(_) => return Next::Close,
                }
            }
            Event::Closed if conn.out.is_empty() || mistake == Mistake::CloseAtOnce => {
                return Next::Close;
            }
            Event::Closed => return Next::Wait,
            event => conn.handle(event),
        }
    }
}

#[test]
fn a_wrong_solution_fails_on_the_case_that_names_its_mistake() {
    let started = Instant::now();
    let right = solutions();
    let wrong = |change: fn(&mut Implementation)| {
        let mut implementation = right;
        change(&mut implementation);
        implementation
    };
    use exercises::{
        BodyLength, Chunked, Encoding, FirstBytes, FramingError, Header, NextRequest, RangeAnswer,
        RequestLine, Routed,
    };

    // ex01: the LAST blank line.
    fails_on(
        "ex01_head_end",
        wrong(|i| {
            i.ex01_head_end = |buf| {
                buf.windows(4)
                    .rposition(|w| w == b"\r\n\r\n")
                    .map(|at| at + 4)
            }
        }),
        "the FIRST one",
    );
    // ex02: any whitespace separates.
    fails_on(
        "ex02_request_line",
        wrong(|i| {
            i.ex02_request_line = |line| {
                let text = std::str::from_utf8(line).ok()?;
                let parts: Vec<&str> = text.split_ascii_whitespace().collect();
                let [method, target, version] = parts[..] else {
                    return None;
                };
                let version = match version {
                    "HTTP/1.0" => 0,
                    "HTTP/1.1" => 1,
                    _ => return None,
                };
                Some(RequestLine {
                    method: method.into(),
                    target: target.into(),
                    version,
                })
            }
        }),
        "two spaces",
    );
    // ex03: only the start of the value trimmed.
    fails_on(
        "ex03_header_line",
        wrong(|i| {
            i.ex03_header_line = |line| {
                let header = solutions::ex03_header_line::parse_header_line(line)?;
                let text = String::from_utf8_lossy(line);
                let raw = text
                    .split_once(':')
                    .map(|(_, v)| v.trim_start().to_string())?;
                Some(Header {
                    value: raw,
                    ..header
                })
            }
        }),
        "trimmed",
    );
    // ex04: characters counted, not bytes.
    fails_on(
        "ex04_response_head",
        wrong(|i| {
            i.ex04_response_head = |status, reason, headers, body| {
                let mut out =
                    solutions::ex04_response_head::response_bytes(status, reason, headers, "");
                let cut = out.len() - "0\r\n\r\n".len();
                out.truncate(cut);
                out.extend(format!("{}\r\n\r\n{body}", body.chars().count()).bytes());
                out
            }
        }),
        "UTF-8 body",
    );
    fails_on(
        "ex05_head_method",
        wrong(|i| i.ex05_head_method = head_with_body),
        "HEAD /hello",
    );
    fails_on(
        "ex06_route",
        wrong(|i| i.ex06_socket_router = || socket_api::routes! { GET "/add" => add_wrapping }),
        "socket_api: GET /add?a=429496",
    );
    fails_on(
        "ex06_route",
        wrong(|i| i.ex06_axum_router = || axum::Router::new()),
        "axum: GET /add",
    );
    // ex07: Allow without HEAD.
    fails_on(
        "ex07_allow",
        wrong(|i| {
            i.ex07_allow =
                |table, method, path| match solutions::ex07_allow::route(table, method, path) {
                    Routed::MethodNotAllowed { allow } => Routed::MethodNotAllowed {
                        allow: allow.replace(", HEAD", ""),
                    },
                    other => other,
                }
        }),
        "DELETE /api: 405",
    );
    // ex08: + read as a space.
    fails_on(
        "ex08_percent_decode",
        wrong(|i| {
            i.ex08_percent_decode =
                |input| solutions::ex08_percent_decode::percent_decode(&input.replace('+', "%20"))
        }),
        "+ stays +",
    );
    // ex09: split at the last =.
    fails_on(
        "ex09_form",
        wrong(|i| {
            i.ex09_form = |input| {
                let text = String::from_utf8_lossy(input).replace('=', "\u{1}");
                let mut pairs = solutions::ex09_form::parse_form(text.as_bytes());
                for (name, value) in &mut pairs {
                    if let Some((a, b)) = name.rsplit_once('\u{1}') {
                        (*name, *value) = (a.replace('\u{1}', "="), b.to_string());
                    }
                }
                pairs
            }
        }),
        "only the first = splits",
    );
    // ex10: Rust's parse takes +5.
    fails_on(
        "ex10_body_length",
        wrong(|i| {
            i.ex10_body_length = |headers| match headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("Content-Length"))
            {
                Some(cl) => cl
                    .value
                    .parse()
                    .map(BodyLength::Length)
                    .map_err(|_| FramingError::BadContentLength),
                None => solutions::ex10_body_length::body_length(headers),
            }
        }),
        "+5",
    );
    fails_on(
        "ex11_body_in_pieces",
        wrong(|i| i.ex11_body_in_pieces = echo_with_one_read),
        "a byte at a time",
    );
    // ex12: `used` stops before the final CRLF.
    fails_on(
        "ex12_chunked",
        wrong(|i| {
            i.ex12_chunked = |buf| match solutions::ex12_chunked::decode_chunked(buf) {
                Ok(Chunked::Done {
                    body,
                    trailers,
                    used,
                }) => Ok(Chunked::Done {
                    body,
                    trailers,
                    used: used - 2,
                }),
                other => other,
            }
        }),
        "one chunk, then the last",
    );
    fails_on(
        "ex13_keep_alive",
        wrong(|i| i.ex13_keep_alive = close_case_sensitive),
        "mixed case",
    );
    fails_on(
        "ex13_keep_alive",
        wrong(|i| i.ex13_keep_alive = close_always),
        "one after the other",
    );
    fails_on(
        "ex14_timeout",
        wrong(|i| i.ex14_timeout = timeout_per_read),
        "never ends",
    );
    // ex15: names compared case-sensitively.
    fails_on(
        "ex15_framing_rules",
        wrong(|i| {
            i.ex15_framing_rules = |headers| {
                let exact: Vec<Header> = headers
                    .iter()
                    .filter(|h| h.name == "Content-Length" || h.name == "Transfer-Encoding")
                    .cloned()
                    .collect();
                solutions::ex15_framing_rules::check_framing(&exact)
            }
        }),
        "mixed case",
    );
    fails_on(
        "ex16_shutdown",
        wrong(|i| i.ex16_shutdown = shutdown_without_join),
        "once the request in flight is answered",
    );
    fails_on(
        "ex16_shutdown",
        wrong(|i| i.ex16_shutdown = shutdown_never),
        "serve returns",
    );
    // ex17: a port written in the URL is written in Host, default or not.
    fails_on(
        "ex17_request_bytes",
        wrong(|i| {
            i.ex17_request_bytes = |url| {
                let bytes = solutions::ex17_request_bytes::get_request(url)?;
                if !url.contains("example.com:80/") {
                    return Some(bytes);
                }
                let text = String::from_utf8_lossy(&bytes)
                    .replace("Host: example.com\r\n", "Host: example.com:80\r\n");
                Some(text.into_bytes())
            }
        }),
        "port 80 is http's default",
    );
    // ex18: 302 keeps POST.
    fails_on(
        "ex18_redirect",
        wrong(|i| {
            i.ex18_redirect = |method, url, status, location| {
                let next = solutions::ex18_redirect::next_request(method, url, status, location)?;
                Some(NextRequest {
                    method: if status == 302 {
                        method.to_string()
                    } else {
                        next.method
                    },
                    url: next.url,
                })
            }
        }),
        "302 after a POST",
    );
    // ex19: any 0x16 taken for TLS.
    fails_on(
        "ex19_tls_or_plain",
        wrong(|i| {
            i.ex19_tls_or_plain = |first| match first {
                [0x16, ..] => FirstBytes::Tls,
                _ => solutions::ex19_tls_or_plain::sniff(first),
            }
        }),
        "0x16",
    );
    fails_on(
        "ex20_body_limit",
        wrong(|i| {
            i.ex20_body_limit =
                |_| axum::Router::new().route("/upload", axum::routing::post(upload_without_limit))
        }),
        "with Content-Length, with a limit",
    );
    // ex21: the dots checked before decoding, so %2e%2e gets through.
    fails_on(
        "ex21_safe_path",
        wrong(|i| {
            i.ex21_safe_path = |path| {
                let raw = path.strip_prefix("/static/")?;
                if raw.split('/').any(|s| s == "." || s == "..") {
                    return None;
                }
                let hidden = path.replace("%2e", "_").replace("%2E", "_");
                solutions::ex21_safe_path::safe_path(&hidden)
            }
        }),
        "the dots percent-encoded",
    );
    // ex21: decoded before splitting, so %2f becomes a separator.
    fails_on(
        "ex21_safe_path",
        wrong(|i| {
            i.ex21_safe_path = |path| {
                let split = path.replace("%2f", "/").replace("%2F", "/");
                solutions::ex21_safe_path::safe_path(&split)
            }
        }),
        "an encoded slash inside a name",
    );
    // ex22: the end not cut to the last byte.
    fails_on(
        "ex22_range",
        wrong(|i| {
            i.ex22_range = |value, size| {
                let answer = solutions::ex22_range::parse_range(value, size);
                let asked_end = value
                    .rsplit('-')
                    .next()
                    .and_then(|end| end.trim().parse::<u64>().ok());
                match (answer, asked_end) {
                    (RangeAnswer::Partial { start, .. }, Some(end))
                        if !value.contains("=-") && end >= start =>
                    {
                        RangeAnswer::Partial { start, end }
                    }
                    _ => answer,
                }
            }
        }),
        "an end past the last byte is cut",
    );
    // ex22: a start equal to the size taken as satisfiable.
    fails_on(
        "ex22_range",
        wrong(|i| {
            i.ex22_range = |value, size| match value.strip_prefix("bytes=") {
                Some(rest) if rest.strip_suffix('-') == Some(&size.to_string()) && size > 0 => {
                    RangeAnswer::Partial {
                        start: size,
                        end: size - 1,
                    }
                }
                _ => solutions::ex22_range::parse_range(value, size),
            }
        }),
        "a start exactly at the size",
    );
    // ex23: q-values ignored: any mention of gzip means gzip.
    fails_on(
        "ex23_accept_encoding",
        wrong(|i| {
            i.ex23_accept_encoding = |values| {
                if values.join(",").to_ascii_lowercase().contains("gzip") {
                    Encoding::Gzip
                } else {
                    solutions::ex23_accept_encoding::choose_encoding(values)
                }
            }
        }),
        "gzip;q=0: anything but gzip",
    );
    // ex23: `*` not honoured.
    fails_on(
        "ex23_accept_encoding",
        wrong(|i| {
            i.ex23_accept_encoding = |values| {
                let without_star: Vec<String> = values
                    .iter()
                    .map(|v| {
                        v.split(',')
                            .filter(|e| e.split(';').next().unwrap_or("").trim() != "*")
                            .collect::<Vec<_>>()
                            .join(",")
                    })
                    .collect();
                let values: Vec<&str> = without_star.iter().map(String::as_str).collect();
                solutions::ex23_accept_encoding::choose_encoding(&values)
            }
        }),
        "*: any coding",
    );
    // ex24: every piece framed, the empty one too: `0\r\n` ends the body early.
    fails_on(
        "ex24_stream_chunks",
        wrong(|i| {
            i.ex24_stream_chunks = |status, reason, content_type, pieces| {
                let mut out = solutions::ex24_stream_chunks::chunked_response(
                    status,
                    reason,
                    content_type,
                    &[],
                );
                out.truncate(out.len() - b"0\r\n\r\n".len());
                for piece in pieces {
                    out.extend(format!("{:X}\r\n", piece.len()).bytes());
                    out.extend(piece);
                    out.extend(b"\r\n");
                }
                out.extend(b"0\r\n\r\n");
                out
            }
        }),
        "an empty piece in the middle",
    );
    // ex24: sizes in decimal.
    fails_on(
        "ex24_stream_chunks",
        wrong(|i| {
            i.ex24_stream_chunks = |status, reason, content_type, pieces| {
                let mut out = solutions::ex24_stream_chunks::chunked_response(
                    status,
                    reason,
                    content_type,
                    &[],
                );
                out.truncate(out.len() - b"0\r\n\r\n".len());
                for piece in pieces.iter().filter(|p| !p.is_empty()) {
                    out.extend(format!("{}\r\n", piece.len()).bytes());
                    out.extend(piece);
                    out.extend(b"\r\n");
                }
                out.extend(b"0\r\n\r\n");
                out
            }
        }),
        "its size in hex",
    );
    // ex24: Content-Length as well, counted from the pieces.
    fails_on(
        "ex24_stream_chunks",
        wrong(|i| {
            i.ex24_stream_chunks = |status, reason, content_type, pieces| {
                let out = solutions::ex24_stream_chunks::chunked_response(
                    status,
                    reason,
                    content_type,
                    pieces,
                );
                let length: usize = pieces.iter().map(Vec::len).sum();
                String::from_utf8_lossy(&out)
                    .replacen(
                        "Transfer-Encoding: chunked\r\n",
                        &format!("Transfer-Encoding: chunked\r\nContent-Length: {length}\r\n"),
                        1,
                    )
                    .into_bytes()
            }
        }),
        "two lines, two chunks",
    );
    // ex25: one read per wake-up: bytes left unread are never announced again.
    fails_on(
        "ex25_readiness",
        wrong(|i| i.ex25_readiness = |c, s| on_ready_with(c, s, Mistake::OneReadPerWake)),
        "read until WouldBlock",
    );
    // ex25: a partial write taken for a whole one.
    fails_on(
        "ex25_readiness",
        wrong(|i| i.ex25_readiness = |c, s| on_ready_with(c, s, Mistake::WholeWrites)),
        "partial writes",
    );
    // ex25: no backpressure.
    fails_on(
        "ex25_readiness",
        wrong(|i| i.ex25_readiness = |c, s| on_ready_with(c, s, Mistake::NoBackpressure)),
        "reads nothing for a while",
    );
    // ex25: Close with the last answer still queued.
    fails_on(
        "ex25_readiness",
        wrong(|i| i.ex25_readiness = |c, s| on_ready_with(c, s, Mistake::CloseAtOnce)),
        "closes after its last request",
    );
    // ex25: the client's close read as no data, again and again.
    fails_on(
        "ex25_readiness",
        wrong(|i| i.ex25_readiness = |c, s| on_ready_with(c, s, Mistake::EofAsData)),
        "closes after its last request",
    );
    // The whole test stays quick: the slowest waits are ex14's and ex16's.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

fn args(exercise: &str, addr: Option<String>) -> check::CheckArgs {
    check::CheckArgs {
        exercise: Some(exercise.to_string()),
        hint: false,
        seed: Some(SEED),
        addr,
        serve: None,
    }
}

/// The report `check` prints, and whether it would exit 0.
fn report(args: &check::CheckArgs, implementation: Implementation) -> (bool, String) {
    let mut out = Vec::new();
    let passed = check::run(args, implementation, &mut out).expect("the report is written");
    (passed, String::from_utf8(out).expect("the report is UTF-8"))
}

/// A server running on its own, as a class's Python or Go server would:
/// here a reference solution, on a real socket.
fn running(serve: check::ServeFn) -> (String, Arc<AtomicBool>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    std::thread::spawn(move || serve(listener, flag));
    (addr.to_string(), stop)
}

#[test]
fn check_addr_grades_a_server_over_a_real_socket() {
    let starters = tutorial::implementation!(exercises);
    for (name, serve) in [
        (
            "ex11_body_in_pieces",
            solutions::ex11_body_in_pieces::serve as check::ServeFn,
        ),
        ("ex13_keep_alive", solutions::ex13_keep_alive::serve),
        ("ex14_timeout", solutions::ex14_timeout::serve),
        ("ex05_head_method", solutions::ex05_head_method::serve),
    ] {
        let (addr, stop) = running(serve);
        // The starters are never called: the server at --addr is graded.
        let (passed, out) = report(&args(name, Some(addr.clone())), starters);
        assert!(passed, "{out}");
        assert!(
            out.contains(&format!("Checking the server at {addr}")),
            "{out}"
        );
        assert!(out.contains(&format!("✔ {name}")), "{out}");
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    // ex13's server answers HEAD with 404: ex05 fails, and says how to look.
    let (addr, stop) = running(solutions::ex13_keep_alive::serve);
    let (passed, out) = report(&args("ex05", Some(addr.clone())), starters);
    assert!(!passed, "{out}");
    assert!(out.contains("✘ ex05_head_method"), "{out}");
    assert!(out.contains("HEAD /hello?name="), "{out}");
    assert!(
        out.contains(&format!(
            "cargo run -p get_client -- --trace -I 'http://{addr}/hello?name="
        )),
        "{out}"
    );
    // A function cannot be graded over a socket: skipped, not failed.
    let (_, out) = report(&args("ex01", Some(addr)), starters);
    assert!(
        out.contains("- ex01_head_end") && out.contains("skipped"),
        "{out}"
    );
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
}

#[test]
fn the_report_shows_the_first_failing_case_and_a_sentence_for_a_starter() {
    let mut wrong = solutions();
    wrong.ex05_head_method = head_with_body;
    let (passed, out) = report(&args("ex05_head_method", None), wrong);
    assert!(!passed);
    for part in [
        "✘ ex05_head_method",
        "first failing case: HEAD /hello",
        "sent:",
        "HEAD /hello?name=",
        "expected:",
        "got:",
        "and then, after the head:",
        "--trace -I",
        "--hint",
    ] {
        assert!(out.contains(part), "{part:?} missing from:\n{out}");
    }
    let (passed, out) = report(&args("ex12", None), tutorial::implementation!(exercises));
    assert!(!passed);
    assert!(out.contains("ex12_chunked is not written yet: replace the todo!() at tutorial/exercises/src/ex12_chunked.rs:"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
    let (passed, out) = report(&args("ex12", None), solutions());
    assert!(passed, "{out}");
    assert!(out.contains("Passed: 1 of 1 checked."), "{out}");
}
