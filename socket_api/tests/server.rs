//! socket_api on a real socket: exact bytes, keep-alive, many clients at
//! once, bad input, panics, and shutdown.

#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

both_drivers!(
    hello_exact_bytes,
    the_date_header_is_an_imf_fixdate,
    route_table,
    json_when_asked,
    head_has_the_headers_of_get_and_no_body,
    keep_alive_and_close,
    pipelined_requests_are_answered_in_order,
    a_request_split_into_single_bytes_still_works,
    bad_input_gets_400_and_a_close_and_the_server_goes_on,
    a_body_over_the_limit_is_refused_without_reading_it,
    a_slow_client_does_not_hold_up_another,
    a_stalled_head_gets_408_and_a_close,
    an_idle_keep_alive_connection_is_closed,
    the_idle_deadline_counts_from_the_last_request,
    a_panicking_handler_costs_one_500,
    a_stream_that_panics_costs_only_its_own_connection,
    shutdown_finishes_a_request_pipelined_behind_another,
    shutdown_finishes_requests_in_flight,
    what_is_still_open_after_the_grace_period_is_closed,
    past_the_cap_a_503_and_a_close,
    a_client_that_does_not_read_is_not_read_either,
);

use std::io::Read;
use std::thread;
use std::time::{Duration, Instant};

use common::{Client, exchange, start};
use socket_api::{Config, Io, Request, Response, routes};
use wire::StatusCode;

fn hello_exact_bytes(io: Io) {
    let server = start(io);
    let got = exchange(server.addr(), b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(
        got,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\nDate: <date>\r\n\r\nHello"
    );
}

fn the_date_header_is_an_imf_fixdate(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    client.send(b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let mut raw = String::new();
    client.stream.read_to_string(&mut raw).unwrap();
    let date = raw.lines().find_map(|l| l.strip_prefix("Date: ")).unwrap();
    // e.g. "Sun, 06 Nov 1994 08:49:37 GMT": 29 characters, ends in GMT.
    assert_eq!(date.len(), 29, "{date}");
    assert!(date.ends_with(" GMT"), "{date}");
}

fn route_table(io: Io) {
    let server = start(io);
    let addr = server.addr();
    let text = "text/plain; charset=utf-8";
    let cases: &[(&[u8], &str, &str)] = &[
        (b"GET /api?name=kn+sock&city=Z%C3%BCrich&a=1&a=2 HTTP/1.1\r\nHost: x\r\n\r\n", "200 OK",
         "GET request received with parameters:\nname = kn sock\ncity = Z\u{fc}rich\na = 1\na = 2\n"),
        (b"GET /api HTTP/1.1\r\nHost: x\r\n\r\n", "200 OK", "GET request received with parameters:\n"),
        (b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 24\r\n\r\nnote=a+%26+b&name=knsock", "200 OK",
         "POST request received with parameters:\nnote = a & b\nname = knsock\n"),
        (b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi", "415 Unsupported Media Type",
         "415 Unsupported Media Type: POST /api needs Content-Type: application/x-www-form-urlencoded\n"),
        (b"GET /nope?x=1 HTTP/1.1\r\nHost: x\r\n\r\n", "404 Not Found", "404 Not Found: no route for GET /nope\n"),
        (b"DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n", "405 Method Not Allowed", "405 Method Not Allowed: DELETE /hello accepts GET, HEAD\n"),
        (b"PUT /api HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "405 Method Not Allowed", "405 Method Not Allowed: PUT /api accepts GET, HEAD, POST\n"),
        (b"GET http://x/hello HTTP/1.1\r\nHost: x\r\n\r\n", "200 OK", "Hello"),
    ];
    for (request, status, body) in cases {
        let got = exchange(addr, request);
        let (head, got_body) = got.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with(&format!("HTTP/1.1 {status}\r\n")), "{got}");
        assert!(head.contains(&format!("Content-Type: {text}")), "{got}");
        assert_eq!(got_body, *body, "{}", String::from_utf8_lossy(request));
    }
    let allow = exchange(addr, b"DELETE /api HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(allow.contains("\r\nAllow: GET, HEAD, POST\r\n"), "{allow}");
}

fn json_when_asked(io: Io) {
    let server = start(io);
    let got = exchange(
        server.addr(),
        b"GET /api?a=%22quoted%22&b=2 HTTP/1.1\r\nHost: x\r\nAccept: text/html, application/json;q=0.9\r\n\r\n",
    );
    assert!(got.contains("Content-Type: application/json\r\n"), "{got}");
    assert!(
        got.ends_with(r#"{"method":"GET","params":[["a","\"quoted\""],["b","2"]]}"#),
        "{got}"
    );
    let refused = exchange(
        server.addr(),
        b"GET /api?a=1 HTTP/1.1\r\nHost: x\r\nAccept: application/json;q=0\r\n\r\n",
    );
    assert!(refused.contains("Content-Type: text/plain"), "{refused}");
}

fn head_has_the_headers_of_get_and_no_body(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    client.send(b"HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    let head = client.response("HEAD");
    assert!(
        head.contains("Content-Length: 5\r\n") && head.ends_with("\r\n\r\n"),
        "{head}"
    );
    // If HEAD had sent a body, it would show up as the start of this response.
    assert!(client.response("GET").ends_with("\r\n\r\nHello"));
}

fn keep_alive_and_close(io: Io) {
    let server = start(io);
    let addr = server.addr();
    // HTTP/1.1: several requests on one connection.
    let mut client = Client::connect(addr);
    for _ in 0..3 {
        client.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(client.response("GET").ends_with("Hello"));
    }
    // Connection: close is honoured and said back.
    client.send(b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(client.response("GET").contains("Connection: close\r\n"));
    assert!(client.is_closed());
    // HTTP/1.0 closes unless it asks for keep-alive.
    let mut old = Client::connect(addr);
    old.send(b"GET /hello HTTP/1.0\r\n\r\n");
    assert!(old.response("GET").ends_with("Hello"));
    assert!(old.is_closed());
    let mut old_keep = Client::connect(addr);
    old_keep.send(b"GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assert!(old_keep.response("GET").ends_with("Hello"));
    old_keep.send(b"GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assert!(old_keep.response("GET").ends_with("Hello"));
}

fn pipelined_requests_are_answered_in_order(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    client.send(
        b"GET /api?n=1 HTTP/1.1\r\nHost: x\r\n\r\n\
          POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\nn=2\
          GET /api?n=3 HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    for (method, n) in [("GET", 1), ("POST", 2), ("GET", 3)] {
        assert!(client.response(method).ends_with(&format!("n = {n}\n")));
    }
}

fn a_request_split_into_single_bytes_still_works(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    client.stream.set_nodelay(true).unwrap();
    for byte in b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\nn=1" {
        client.send(&[*byte]);
    }
    assert!(client.response("POST").ends_with("n = 1\n"));
}

fn bad_input_gets_400_and_a_close_and_the_server_goes_on(io: Io) {
    let server = start(io);
    let addr = server.addr();
    let cases: &[(&[u8], &str)] = &[
        (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", "400 Bad Request"),
        (
            b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",
            "400 Bad Request",
        ),
        (b"GET /hello HTTP/1.1\r\n\r\n", "400 Bad Request"),
        (
            b"GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "400 Bad Request",
        ),
        (
            b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nn=1",
            "400 Bad Request",
        ),
        (
            b"GET /hello HTTP/2.0\r\n\r\n",
            "505 HTTP Version Not Supported",
        ),
        (
            b"BREW /hello HTTP/1.1\r\nHost: x\r\n\r\n",
            "501 Not Implemented",
        ),
        (b"GET hello HTTP/1.1\r\nHost: x\r\n\r\n", "400 Bad Request"),
    ];
    for (request, status) in cases {
        let mut client = Client::connect(addr);
        client.send(request);
        let got = client.response("GET");
        assert!(
            got.starts_with(&format!("HTTP/1.1 {status}\r\n")),
            "{:?} got {got}",
            String::from_utf8_lossy(request)
        );
        assert!(got.contains("Connection: close\r\n"), "{got}");
        assert!(client.is_closed(), "{:?}", String::from_utf8_lossy(request));
    }
    assert!(exchange(addr, b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").ends_with("Hello"));
}

fn a_body_over_the_limit_is_refused_without_reading_it(io: Io) {
    let server = common::start_with(Config {
        max_body: 10,
        io,
        ..Config::default()
    });
    let mut client = Client::connect(server.addr());
    client.send(b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 11\r\n\r\n");
    let got = client.response("POST");
    assert!(
        got.starts_with("HTTP/1.1 413 Content Too Large\r\n"),
        "{got}"
    );
}

fn a_slow_client_does_not_hold_up_another(io: Io) {
    // A header timeout far longer than the test: nobody's time runs out.
    let server = common::start_with(Config {
        header_timeout: Duration::from_secs(30),
        io,
        ..Config::default()
    });
    let addr = server.addr();
    // Ten clients that send half a head and stop.
    let mut stalled: Vec<Client> = (0..10).map(|_| Client::connect(addr)).collect();
    for client in &mut stalled {
        client.send(b"GET /hello HTTP/1.1\r\nHos");
    }
    // Answered while every stalled one is still waiting for its head.
    assert!(exchange(addr, b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").ends_with("Hello"));
    for client in &mut stalled {
        client.stream.set_nonblocking(true).unwrap();
        let read = client.stream.read(&mut [0u8; 1]);
        assert!(
            matches!(&read, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "{read:?}"
        );
    }
}

fn a_stalled_head_gets_408_and_a_close(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    client.send(b"GET /hello HTTP/1.1\r\nHos");
    let got = client.response("GET");
    assert!(got.starts_with("HTTP/1.1 408 Request Timeout\r\n"), "{got}");
    assert!(got.contains("Connection: close\r\n"), "{got}");
    assert!(client.is_closed());
}

fn an_idle_keep_alive_connection_is_closed(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    client.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(client.response("GET").ends_with("Hello"));
    let waited = Instant::now();
    assert!(client.is_closed(), "closed after the idle timeout");
    // Not before the idle timeout (500 ms, counted from a little earlier,
    // when the server wrote the response).
    assert!(
        waited.elapsed() >= Duration::from_millis(250),
        "{:?}",
        waited.elapsed()
    );
}

/// Requests 150 ms apart for 750 ms, longer than the 500 ms idle
/// timeout: each one pushes the deadline on, and the connection lives.
/// (On the event loop, the first deadline's heap entry comes up while the
/// connection is still in use, and must not close it.)
fn the_idle_deadline_counts_from_the_last_request(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    for _ in 0..5 {
        client.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(client.response("GET").ends_with("Hello"));
        thread::sleep(Duration::from_millis(150));
    }
    client.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(client.response("GET").ends_with("Hello"));
    let waited = Instant::now();
    assert!(client.is_closed(), "closed after the idle timeout");
    assert!(
        waited.elapsed() >= Duration::from_millis(250),
        "{:?}",
        waited.elapsed()
    );
}

fn panics(_: &Request) -> Response {
    panic!("a bug in a handler");
}

fn fine(_: &Request) -> Response {
    Response::text(StatusCode::OK, "fine")
}

fn a_panicking_handler_costs_one_500(io: Io) {
    let router = routes! { GET "/panic" => panics, GET "/fine" => fine };
    let server = common::start_router(
        router,
        Config {
            io,
            ..Config::default()
        },
    );
    let addr = server.addr();
    let mut client = Client::connect(addr);
    client.send(b"GET /panic HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(
        client
            .response("GET")
            .starts_with("HTTP/1.1 500 Internal Server Error\r\n")
    );
    client.send(b"GET /fine HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(
        client.response("GET").ends_with("fine"),
        "the same connection goes on"
    );
    server.shutdown().unwrap();
}

/// A body made piece by piece runs handler code after the handler has
/// returned: a panic in it is a bug in a handler too.
fn panics_mid_body(request: &Request) -> Response {
    let pieces = std::iter::from_fn(|| -> Option<std::io::Result<Vec<u8>>> {
        panic!("a bug in a stream");
    });
    // With a length, `--io events` makes the pieces on the loop; without
    // one, on a worker thread.
    let length = (request.query() == "known").then_some(10);
    Response::stream(StatusCode::OK, "text/plain", length, pieces)
}

/// A panic while a body is being made can no longer become a `500`: its
/// connection closes, and only it. The other connections (on the same
/// event loop, maybe) go on, and the server still stops at once.
fn a_stream_that_panics_costs_only_its_own_connection(io: Io) {
    let router = routes! { GET "/broken" => panics_mid_body, GET "/fine" => fine };
    let config = Config {
        io,
        shutdown_grace: Duration::from_secs(3),
        ..Config::default()
    };
    let server = common::start_router(router, config);
    let addr = server.addr();
    // Kept-alive connections, spread over every loop.
    let mut others: Vec<Client> = (0..4).map(|_| Client::connect(addr)).collect();
    for client in &mut others {
        client.send(b"GET /fine HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(client.response("GET").ends_with("fine"));
    }
    for target in ["/broken?known", "/broken"] {
        let mut broken = Client::connect(addr);
        broken.send(format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes());
        let mut got = Vec::new();
        let _ = broken.stream.read_to_end(&mut got);
        assert!(got.starts_with(b"HTTP/1.1 200 OK\r\n"), "{target}");
    }
    for client in &mut others {
        client.send(b"GET /fine HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(client.response("GET").ends_with("fine"), "still served");
    }
    drop(others);
    let stopping = Instant::now();
    server.shutdown().unwrap();
    assert!(
        stopping.elapsed() < Duration::from_secs(1),
        "waited for a connection that was gone: {:?}",
        stopping.elapsed()
    );
}

fn shutdown_finishes_a_request_pipelined_behind_another(io: Io) {
    let server = start(io);
    let addr = server.addr();
    let mut idle = Client::connect(addr);
    idle.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(idle.response("GET").ends_with("Hello"));
    // The POST arrives with the GET: it never waits as an idle connection.
    let mut busy = Client::connect(addr);
    busy.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\nPOST /api HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\n");
    assert!(busy.response("GET").ends_with("Hello"));
    // `100 Continue`: the server has read the POST's head.
    assert_eq!(busy.read_bytes(25), b"HTTP/1.1 100 Continue\r\n\r\n");
    let stopping = thread::spawn(move || server.shutdown());
    assert!(idle.is_closed(), "idle connections are closed at once");
    busy.send(b"n=1");
    let got = busy.response("POST");
    assert!(got.ends_with("n = 1\n"), "{got}");
    stopping.join().unwrap().unwrap();
}

fn shutdown_finishes_requests_in_flight(io: Io) {
    let server = start(io);
    let addr = server.addr();
    let mut idle = Client::connect(addr);
    idle.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(idle.response("GET").ends_with("Hello"));
    // A request whose body is still on its way when the shutdown comes.
    // `100 Continue` is the signal that the server has read the head.
    let mut busy = Client::connect(addr);
    busy.send(b"POST /api HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\n");
    let mut interim = [0u8; 25];
    busy.stream.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    let stopping = thread::spawn(move || server.shutdown());
    assert!(idle.is_closed(), "idle connections are closed at once");
    busy.send(b"n=1");
    let got = busy.response("POST");
    assert!(got.ends_with("n = 1\n"), "{got}");
    assert!(got.contains("Connection: close\r\n"), "{got}");
    stopping.join().unwrap().unwrap();
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "no longer listening"
    );
}

/// An upload that stalls mid-body is in flight, and has the grace period
/// to finish; then it is closed, and the server has stopped. (On
/// `--io events` an upload is on a worker thread, not on the loop.)
fn what_is_still_open_after_the_grace_period_is_closed(io: Io) {
    let server = common::start_with(Config {
        // Longer than the test: only the shutdown may close the upload.
        header_timeout: Duration::from_secs(5),
        shutdown_grace: Duration::from_millis(200),
        io,
        ..Config::default()
    });
    let mut upload = Client::connect(server.addr());
    upload.send(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
    // `100 Continue`: the handler has started to read the body.
    assert_eq!(upload.read_bytes(25), b"HTTP/1.1 100 Continue\r\n\r\n");
    upload.send(b"--b\r\n");
    server.shutdown().unwrap();
    upload
        .stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    let waited = Instant::now();
    assert!(
        upload.is_closed(),
        "still open after {:?}",
        waited.elapsed()
    );
}

fn past_the_cap_a_503_and_a_close(io: Io) {
    let server = common::start_with(Config {
        max_connections: 1,
        io,
        ..Config::default()
    });
    let mut first = Client::connect(server.addr());
    first.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(first.response("GET").ends_with("Hello"));
    let got = exchange(server.addr(), b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(
        got.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{got}"
    );
    assert!(got.contains("Retry-After: 1\r\n"), "{got}");
    // The first connection is still served.
    first.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(first.response("GET").ends_with("Hello"));
}

/// Backpressure: a client that pipelines requests and reads no answer
/// stops being read, and the server goes on serving others. When it reads
/// at last, every answer is there, in order.
fn a_client_that_does_not_read_is_not_read_either(io: Io) {
    let server = common::start_with(Config {
        header_timeout: Duration::from_secs(30),
        io,
        ..Config::default()
    });
    let mut greedy = Client::connect(server.addr());
    let requests = b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2000);
    greedy.send(&requests);
    assert!(exchange(server.addr(), b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").ends_with("Hello"));
    for _ in 0..2000 {
        assert!(greedy.response("GET").ends_with("Hello"));
    }
}

/// On `--io events`, a response that waits between its pieces (`/stream`)
/// is lent a worker thread: other clients are served meanwhile, and the
/// connection comes back to the loop for its next request.
#[test]
fn the_event_loop_lends_a_slow_stream_a_thread() {
    let server = start(Io::Events);
    let addr = server.addr();
    let mut slow = Client::connect(addr);
    // Five lines, 200 ms apart: a second in all.
    slow.send(b"GET /stream?n=5&delay_ms=200 HTTP/1.1\r\nHost: x\r\n\r\n");
    // Its head has come (peeked, not taken): the stream is under way.
    slow.stream.peek(&mut [0; 1]).unwrap();
    let started = Instant::now();
    for _ in 0..20 {
        assert!(exchange(addr, b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").ends_with("Hello"));
    }
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "other clients waited for the stream: {:?}",
        started.elapsed()
    );
    let rest = slow.response("GET");
    assert!(rest.contains("line 5"), "{rest}");
    // Kept alive, and back on the loop.
    slow.send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(slow.response("GET").ends_with("Hello"));
}

fn which_thread(_: &Request) -> Response {
    let name = thread::current().name().unwrap_or("?").to_string();
    Response::text(StatusCode::OK, name)
}

/// `--io events` runs a loop per core, and deals new connections to the
/// loop holding the fewest: sixteen connections opened one after another
/// end up spread evenly, whichever loop accepted them.
#[test]
fn the_event_loops_share_the_connections_evenly() {
    let loops = thread::available_parallelism().map_or(1, |n| n.get());
    let router = routes! { GET "/thread" => which_thread };
    let config = Config {
        io: Io::Events,
        ..Config::default()
    };
    let server = common::start_router(router, config);
    let addr = server.addr();
    let mut held = Vec::new();
    let mut per_loop = std::collections::HashMap::<String, usize>::new();
    for _ in 0..16 {
        let mut client = Client::connect(addr);
        client.send(b"GET /thread HTTP/1.1\r\nHost: x\r\n\r\n");
        let got = client.response("GET");
        let name = got.rsplit("\r\n\r\n").next().unwrap().to_string();
        *per_loop.entry(name).or_default() += 1;
        held.push(client); // kept open: each counts for its loop
    }
    assert_eq!(per_loop.len(), loops.min(16), "{per_loop:?}");
    let (least, most) = (per_loop.values().min(), per_loop.values().max());
    assert!(most.unwrap() - least.unwrap() <= 2, "uneven: {per_loop:?}");
    drop(held);
    server.shutdown().unwrap();
}
