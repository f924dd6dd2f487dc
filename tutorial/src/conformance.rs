//! The conformance table: named raw requests, some sent in pieces or with
//! pauses, the answer RFC 9110/9112 asks for, and what each server does.
//!
//! `cargo test -p tutorial` runs every row against `socket_api` and fails on
//! any row it gets wrong. `cargo run -p tutorial -- conformance` runs every
//! row against both servers and prints a Markdown table, one row per case:
//! where `framework_api` (hyper, under axum) answers otherwise, the row says
//! why. Both are right to differ in places; the table is there to show
//! where, and what the RFC says.
//!
//! Each case is run on a fresh connection. An [`Outcome`] is the statuses
//! of the responses received, in order (an interim `100` included), and how
//! the connection ended: closed by the server, still open (proved by a
//! follow-up request that gets answered), or silent (no answer before the
//! runner stopped waiting).

use std::fmt;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread::sleep;
use std::time::Duration;

use wire::{ResponseEvent, ResponseReader};

/// The timeouts `socket_api` runs with for the table: short, so the rows
/// about time take a second, not ten.
pub const HEADER_TIMEOUT: Duration = Duration::from_millis(1000);
pub const IDLE_TIMEOUT: Duration = Duration::from_millis(1000);
/// A pause longer than both timeouts.
const STALL_MS: u64 = 1500;

/// One thing the runner does on the connection.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    /// Write these bytes.
    Send(&'static [u8]),
    /// Write these bytes one at a time, pausing this many milliseconds after each.
    Dribble(&'static [u8], u64),
    /// Wait this many milliseconds.
    Pause(u64),
    /// Read one response (interim or final) before going on.
    Await,
}

/// How a connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The server closed (or reset) it.
    Closed,
    /// It was still open: a follow-up request got an answer.
    Open,
    /// No answer came before the runner stopped waiting.
    Silent,
}

/// What a server did with a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub statuses: Vec<u16>,
    pub end: End,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let statuses: Vec<String> = self.statuses.iter().map(u16::to_string).collect();
        let end = match self.end {
            End::Closed => "close",
            End::Open => "open",
            End::Silent => "no answer",
        };
        if statuses.is_empty() {
            write!(f, "{end}")
        } else {
            write!(f, "{} + {end}", statuses.join(", "))
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub name: &'static str,
    /// Where the rule is written.
    pub rfc: &'static str,
    pub steps: &'static [Step],
    /// The methods of the requests whose responses are read, in order,
    /// where any is `HEAD` (its response has no body); empty means all GET.
    pub methods: &'static [&'static str],
    /// The statuses `socket_api` must send, in order.
    pub expect: &'static [u16],
    /// Must `socket_api` close the connection afterwards?
    pub close: bool,
    /// Why `framework_api` answers differently, where it does.
    pub framework: Option<&'static str>,
}

impl Case {
    /// What `socket_api` must do, as an [`Outcome`].
    pub fn expected(&self) -> Outcome {
        Outcome {
            statuses: self.expect.to_vec(),
            end: if self.close { End::Closed } else { End::Open },
        }
    }
}

const fn case(
    name: &'static str,
    rfc: &'static str,
    steps: &'static [Step],
    expect: &'static [u16],
    close: bool,
) -> Case {
    Case {
        name,
        rfc,
        steps,
        methods: &[],
        expect,
        close,
        framework: None,
    }
}

/// A case that sends its bytes in one write.
macro_rules! send {
    ($name:expr, $rfc:expr, $bytes:expr, $expect:expr, $close:expr $(,)?) => {
        case($name, $rfc, &[Step::Send($bytes)], $expect, $close)
    };
}

/// A case where `framework_api` answers otherwise, and why.
const fn differs(case: Case, why: &'static str) -> Case {
    Case {
        framework: Some(why),
        ..case
    }
}

/// A request header a little over 16 KiB.
const BIG_FIELD: &[u8] = &{
    let mut head = [b'a'; 17 * 1024];
    let start = b"GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: ";
    let mut i = 0;
    while i < start.len() {
        head[i] = start[i];
        i += 1;
    }
    let end = b"\r\n\r\n";
    let mut j = 0;
    while j < end.len() {
        head[17 * 1024 - 4 + j] = end[j];
        j += 1;
    }
    head
};

/// A request-target a little over 16 KiB.
const LONG_TARGET: &[u8] = &{
    let mut line = [b'a'; 17 * 1024];
    let start = b"GET /hello?";
    let mut i = 0;
    while i < start.len() {
        line[i] = start[i];
        i += 1;
    }
    let end = b" HTTP/1.1\r\nHost: x\r\n\r\n";
    let mut j = 0;
    while j < end.len() {
        line[17 * 1024 - end.len() + j] = end[j];
        j += 1;
    }
    line
};

/// 65 header fields, one more than the limit.
const MANY_FIELDS: &[u8] = &{
    const FIELD: &[u8] = b"X-Field: 1\r\n";
    const START: &[u8] = b"GET /hello HTTP/1.1\r\nHost: x\r\n";
    let mut head = [0u8; START.len() + 64 * FIELD.len() + 2];
    let mut n = 0;
    while n < START.len() {
        head[n] = START[n];
        n += 1;
    }
    let mut f = 0;
    while f < 64 * FIELD.len() {
        head[n] = FIELD[f % FIELD.len()];
        n += 1;
        f += 1;
    }
    head[n] = b'\r';
    head[n + 1] = b'\n';
    head
};

/// The table. socket_api runs with [`HEADER_TIMEOUT`], [`IDLE_TIMEOUT`]
/// and its default limits (16 KiB head, 64 fields, 1 MiB body).
pub const CASES: &[Case] = &[
    // Ordinary requests that must still pass.
    send!("GET, keep-alive", "RFC 9112 §9.3", b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", &[200], false),
    send!("Connection: close", "RFC 9112 §9.6", b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &[200], true),
    send!("HTTP/1.0 closes by default", "RFC 9112 §9.3", b"GET /hello HTTP/1.0\r\n\r\n", &[200], true),
    send!("HTTP/1.0 with keep-alive", "RFC 9112 §9.3", b"GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", &[200], false),
    send!("absolute-form target", "RFC 9112 §3.2.2", b"GET http://x/hello HTTP/1.1\r\nHost: x\r\n\r\n", &[200], false),
    send!("empty line before the request line", "RFC 9112 §2.2", b"\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n", &[200], false),
    send!("POST with Content-Length", "RFC 9112 §6.2",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1", &[200], false),
    send!("identical Content-Length repeated", "RFC 9110 §8.6",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\na=1", &[200], false),
    send!("chunked body", "RFC 9112 §7.1",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n3\r\na=1\r\n0\r\n\r\n", &[200], false),
    send!("chunked with an extension and a trailer", "RFC 9112 §7.1.1, §7.1.2",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n3;note=x\r\na=1\r\n0\r\nX-Trailer: y\r\n\r\n", &[200], false),
    case("head sent one byte at a time", "RFC 9112 §2.1", &[Step::Dribble(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", 2)], &[200], false),
    send!("pipelined requests answered in order", "RFC 9112 §9.3.2",
        b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n", &[200, 404, 200], false),
    Case {
        methods: &["HEAD", "GET"],
        ..send!("HEAD has no body", "RFC 9110 §9.3.2", b"HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n", &[200, 200], false)
    },
    send!("unanswered body is read and discarded", "RFC 9112 §9.3",
        b"POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /hello HTTP/1.1\r\nHost: x\r\n\r\n", &[404, 200], false),
    send!("known method, other path's method: 405", "RFC 9110 §15.5.6", b"DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n", &[405], false),
    case("Expect: 100-continue", "RFC 9110 §10.1.1", &[
        Step::Send(b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"),
        Step::Await,
        Step::Send(b"a=1"),
    ], &[100, 200], false),
    // Issue 9's routes: ranges, conditional requests, bodiless statuses.
    send!("a single byte range", "RFC 9110 §14.2",
        b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n", &[206], false),
    send!("a range past the end", "RFC 9110 §15.5.17",
        b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=99999-\r\n\r\n", &[416], false),
    differs(
        send!("several ranges may be ignored", "RFC 9110 §14.2",
            b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,4-5\r\n\r\n", &[200], false),
        "tower-http's ServeDir answers 416 to several ranges; the RFC lets a server ignore Range and send the whole",
    ),
    differs(
        send!("a malformed range is ignored", "RFC 9110 §14.2",
            b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=4-2\r\n\r\n", &[200], false),
        "ServeDir answers 416 to a Range it cannot parse, where the RFC says to ignore it",
    ),
    send!("If-None-Match: * on a file that exists", "RFC 9110 §13.1.2",
        b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\n", &[304], false),
    send!("If-None-Match wins over If-Modified-Since", "RFC 9110 §13.2.2",
        b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"nope\"\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n\r\n",
        &[200], false),
    send!("204 has no body, so the next request follows", "RFC 9110 §15.3.5",
        b"GET /status/204 HTTP/1.1\r\nHost: x\r\n\r\n", &[204], false),
    send!("304 has no body, so the next request follows", "RFC 9110 §15.4.5",
        b"GET /status/304 HTTP/1.1\r\nHost: x\r\n\r\n", &[304], false),
    // ANCHOR: framing_cases
    // Framing: the rules that stop request smuggling.
    send!("Content-Length with a sign", "RFC 9112 §6.3", b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: +3\r\n\r\na=1", &[400], true),
    send!("Content-Length not a number", "RFC 9112 §6.3", b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3a\r\n\r\na=1", &[400], true),
    send!("two different Content-Lengths", "RFC 9112 §6.3", b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\na=1", &[400], true),
    differs(send!("Content-Length and Transfer-Encoding", "RFC 9112 §6.1",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", &[400], true), "RFC 9112 §6.1 lets a server either refuse this or let Transfer-Encoding win and close afterwards; hyper does the latter, socket_api refuses (what nginx and h11 do)"),
    send!("empty Transfer-Encoding beside Content-Length", "RFC 9112 §6.1",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding:\r\nContent-Length: 3\r\n\r\na=1", &[400], true),
    differs(send!("a coding other than chunked, then chunked", "RFC 9112 §6.1", b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", &[501], true), "hyper checks only that chunked is last, de-chunks, and hands the app a body still gzip-coded; socket_api says 501, as RFC 9112 §6.1 advises for a coding it does not implement"),
    send!("final coding not chunked", "RFC 9112 §6.3", b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: gzip\r\n\r\n", &[400], true),
    send!("chunked not the last coding", "RFC 9112 §6.3", b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", &[400], true),
    send!("Transfer-Encoding in HTTP/1.0", "RFC 9112 §6.1", b"POST /api HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", &[400], true),
    send!("chunked: empty size line", "RFC 9112 §7.1",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n\r\na=1\r\n0\r\n\r\n", &[400], true),
    send!("chunked: size not hex", "RFC 9112 §7.1",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nz\r\na=1\r\n0\r\n\r\n", &[400], true),
    send!("chunked: size overflows 64 bits", "RFC 9112 §7.1",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000003\r\na=1\r\n0\r\n\r\n", &[400], true),
    send!("chunked: data not followed by CRLF", "RFC 9112 §7.1",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n3\r\na=1XX0\r\n\r\n", &[400], true),
    // ANCHOR_END: framing_cases
    differs(send!("HTTP/1.1 without Host", "RFC 9112 §3.2", b"GET /hello HTTP/1.1\r\n\r\n", &[400], true), "hyper does not check Host, and axum routes on the path alone; RFC 9112 §3.2 says a server MUST answer 400"),
    differs(send!("two Host fields", "RFC 9112 §3.2", b"GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", &[400], true), "hyper does not check Host; RFC 9112 §3.2 says a server MUST answer 400 to more than one"),
    differs(send!("Host that is not a host", "RFC 9112 §3.2", b"GET /hello HTTP/1.1\r\nHost: a b/c\r\n\r\n", &[400], true), "hyper does not check Host; RFC 9112 §3.2 says a server MUST answer 400 to an invalid one"),
    send!("whitespace before the colon", "RFC 9112 §5.1", b"GET /hello HTTP/1.1\r\nHost : x\r\n\r\n", &[400], true),
    send!("obs-fold", "RFC 9112 §5.2", b"GET /hello HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n", &[400], true),
    send!("NUL in a value", "RFC 9110 §5.5", b"GET /hello HTTP/1.1\r\nHost: x\r\nX-A: 1\x002\r\n\r\n", &[400], true),
    send!("lone CR in a value", "RFC 9110 §5.5", b"GET /hello HTTP/1.1\r\nHost: x\r\nX-A: 1\r2\r\n\r\n", &[400], true),
    send!("two spaces in the request line", "RFC 9112 §3", b"GET  /hello HTTP/1.1\r\nHost: x\r\n\r\n", &[400], true),
    // ANCHOR: tls_hello
    send!("binary garbage (a TLS hello)", "RFC 9112 §3", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n", &[400], true),
    // ANCHOR_END: tls_hello
    // ANCHOR: limits_cases
    // Limits.
    differs(send!("head over 16 KiB", "RFC 6585 §5", BIG_FIELD, &[431], true), "hyper's limits are larger: about 400 KiB of head and 100 fields, and axum::serve does not let us change them"),
    differs(send!("request-target over 16 KiB", "RFC 9112 §3", LONG_TARGET, &[414], true), "hyper's limits are larger: about 400 KiB of head, and axum::serve does not let us change them"),
    differs(send!("65 header fields", "RFC 6585 §5", MANY_FIELDS, &[431], true), "hyper allows 100 fields, and axum::serve does not let us change that"),
    differs(send!("Content-Length over --max-body", "RFC 9110 §15.5.14",
        b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n", &[413], true), "axum checks its body limit as the body arrives, not from Content-Length, so it waits for a body the client never sends"),
    differs(case("Expect: 100-continue, body too large", "RFC 9110 §10.1.1",
        &[Step::Send(b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n")], &[413], true), "hyper sends 100 Continue as soon as the app starts reading the body, before the limit is checked, then waits for the body"),
    differs(send!("Expect other than 100-continue", "RFC 9110 §10.1.1", b"GET /hello HTTP/1.1\r\nHost: x\r\nExpect: tea\r\n\r\n", &[417], true), "hyper ignores an expectation it does not know; RFC 9110 §10.1.1 lets a server answer 417, and socket_api does"),
    differs(send!("unknown method", "RFC 9110 §9.1", b"BREW /hello HTTP/1.1\r\nHost: x\r\n\r\n", &[501], true), "axum sees a path without a route for this method and answers 405; socket_api answers 501 to a method it does not know at all (RFC 9110 §9.1)"),
    differs(send!("methods are case-sensitive", "RFC 9110 §9.1", b"get /hello HTTP/1.1\r\nHost: x\r\n\r\n", &[501], true), "the same: for axum `get` is just a method /hello has no route for (405); for socket_api it is an unknown method (501)"),
    differs(send!("HTTP/2.0 in the request line", "RFC 9110 §15.6.6", b"GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", &[505], true), "hyper cannot parse the version and says 400; socket_api reads the version and says 505, RFC 9110 §15.6.6"),
    // ANCHOR_END: limits_cases
    // ANCHOR: time_cases
    // Time.
    differs(case("head stalls past the header timeout", "RFC 9110 §15.5.9",
        &[Step::Send(b"GET /hello HTTP/1.1\r\nHo"), Step::Pause(STALL_MS)], &[408], true), "axum::serve gives hyper no timer, so hyper's header timeout (30 s by default) never fires: a stalled head keeps its connection until the client leaves (seen for 40 s), and axum::serve has no setting for it"),
    differs(case("body stalls past the header timeout", "RFC 9110 §15.5.9",
        &[Step::Send(b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\r\na=1"), Step::Pause(STALL_MS)], &[408], true), "hyper and axum have no timeout on a body that stops arriving; a tower TimeoutLayer would add one per request"),
    differs(case("idle keep-alive connection", "RFC 9112 §9.5",
        &[Step::Send(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"), Step::Await, Step::Pause(STALL_MS)], &[200], true), "axum::serve keeps an idle HTTP/1.1 connection open until the client closes it; socket_api closes it after --idle-timeout"),
    // ANCHOR_END: time_cases
];

/// Runs `case` on a new connection to `addr`, waiting at most `wait` for
/// each answer.
pub fn run(addr: SocketAddr, case: &Case, wait: Duration) -> Outcome {
    let mut run = Runner {
        stream: None,
        buf: Vec::new(),
        statuses: Vec::new(),
        methods: case.methods,
        wait,
    };
    run.go(addr, case)
}

struct Runner {
    stream: Option<TcpStream>,
    buf: Vec<u8>,
    statuses: Vec<u16>,
    methods: &'static [&'static str],
    wait: Duration,
}

/// What reading one response came to.
enum Read1 {
    Status(u16),
    Closed,
    Silent,
}

impl Runner {
    fn go(&mut self, addr: SocketAddr, case: &Case) -> Outcome {
        let stream = match TcpStream::connect(addr) {
            Ok(stream) => stream,
            Err(_) => {
                return Outcome {
                    statuses: Vec::new(),
                    end: End::Closed,
                };
            }
        };
        let _ = stream.set_nodelay(true);
        let _ = stream.set_read_timeout(Some(self.wait));
        self.stream = Some(stream);
        for step in case.steps {
            let ok = match *step {
                Step::Send(bytes) => self.write(bytes),
                Step::Dribble(bytes, ms) => bytes.iter().all(|b| {
                    let ok = self.write(std::slice::from_ref(b));
                    sleep(Duration::from_millis(ms));
                    ok
                }),
                Step::Pause(ms) => {
                    sleep(Duration::from_millis(ms));
                    true
                }
                Step::Await => match self.read_one() {
                    Read1::Status(s) => {
                        self.statuses.push(s);
                        true
                    }
                    Read1::Closed => return self.outcome(End::Closed),
                    Read1::Silent => return self.outcome(End::Silent),
                },
            };
            if !ok {
                // The server closed while we were still sending: read what
                // it said before it did.
                break;
            }
        }
        // Read the answers still due, then see whether the connection lives.
        while self.statuses.len() < case.expect.len() {
            match self.read_one() {
                Read1::Status(s) => self.statuses.push(s),
                Read1::Closed => return self.outcome(End::Closed),
                Read1::Silent => return self.outcome(End::Silent),
            }
        }
        let end = self.probe();
        self.outcome(end)
    }

    fn outcome(&self, end: End) -> Outcome {
        Outcome {
            statuses: self.statuses.clone(),
            end,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> bool {
        self.stream
            .as_mut()
            .is_some_and(|s| s.write_all(bytes).is_ok())
    }

    /// Is the connection still open? An unexpected extra answer counts as a
    /// status; then a follow-up request must be answered.
    fn probe(&mut self) -> End {
        if !self.buf.is_empty() {
            return match self.read_one() {
                Read1::Status(s) => {
                    self.statuses.push(s);
                    End::Open
                }
                Read1::Closed => End::Closed,
                Read1::Silent => End::Silent,
            };
        }
        self.methods = &[];
        let asked = self.statuses.len();
        if !self.write(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n") {
            return End::Closed;
        }
        match self.read_one() {
            Read1::Status(_) => {
                self.statuses.truncate(asked);
                End::Open
            }
            Read1::Closed => End::Closed,
            Read1::Silent => End::Silent,
        }
    }

    /// Reads one response, interim or final, by its framing.
    fn read_one(&mut self) -> Read1 {
        let method = self
            .methods
            .get(self.statuses.len())
            .copied()
            .unwrap_or("GET");
        let mut reader = ResponseReader::new(method);
        let mut status = None;
        let mut eof = false;
        let Some(stream) = self.stream.as_mut() else {
            return Read1::Closed;
        };
        loop {
            match reader.next_event(&mut self.buf, eof) {
                Ok(ResponseEvent::Interim(head)) => return Read1::Status(head.status),
                Ok(ResponseEvent::Head(head)) => status = Some(head.status),
                Ok(ResponseEvent::Data(_)) => {}
                Ok(ResponseEvent::End) => return status.map_or(Read1::Closed, Read1::Status),
                Ok(ResponseEvent::NeedMore) => {
                    let mut chunk = [0u8; 8192];
                    match stream.read(&mut chunk) {
                        Ok(n) => {
                            eof = n == 0;
                            self.buf.extend_from_slice(&chunk[..n]);
                        }
                        Err(e)
                            if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                        {
                            return Read1::Silent;
                        }
                        Err(_) => return Read1::Closed, // reset
                    }
                }
                // The connection ended mid-response, or before one began.
                Err(_) => return status.map_or(Read1::Closed, Read1::Status),
            }
        }
    }
}

/// The whole table as Markdown: both servers side by side.
pub fn markdown(socket: &[Outcome], framework: &[Outcome]) -> String {
    let mut out = String::new();
    out.push_str("| case | RFC | socket_api | framework_api | why they differ |\n");
    out.push_str("|---|---|---|---|---|\n");
    for ((case, s), f) in CASES.iter().zip(socket).zip(framework) {
        let mark = |o: &Outcome| {
            if *o == case.expected() {
                format!("{o}")
            } else {
                format!("**{o}**")
            }
        };
        let why = if s == f {
            ""
        } else {
            case.framework.unwrap_or("(not yet explained)")
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            case.name,
            case.rfc,
            mark(s),
            mark(f),
            why
        ));
    }
    out
}

/// How long the runner waits for an answer: well past socket_api's
/// timeouts, so a server that has none shows up as "no answer".
pub const WAIT: Duration = Duration::from_secs(3);

/// The `socket_api` configuration the table is written for.
pub fn socket_config() -> socket_api::Config {
    socket_api::Config {
        header_timeout: HEADER_TIMEOUT,
        idle_timeout: IDLE_TIMEOUT,
        ..socket_api::Config::default()
    }
}

/// Runs every case against both servers, started here on free ports, in
/// parallel (one thread per case), and prints the Markdown table.
pub fn print_table(out: &mut impl std::io::Write) -> Result<(), Box<dyn std::error::Error>> {
    let any: SocketAddr = "127.0.0.1:0".parse()?;
    let socket = socket_api::Running::start(any, socket_config())?;
    let framework = framework_api::Running::start(any)?;
    let socket_outcomes = run_all(socket.addr());
    let framework_outcomes = run_all(framework.addr());
    writeln!(
        out,
        "# Conformance: socket_api and framework_api, request by request\n"
    )?;
    writeln!(
        out,
        "Each row is a raw request sent on a new connection. An answer is the statuses received, then \
         whether the server closed the connection, kept it open, or sent nothing within {} s. \
         **Bold** marks an answer other than the strictest one the RFC allows, the one socket_api is held to; the last column says whether the RFC allows the other. socket_api runs with a {} ms \
         header and idle timeout; framework_api with axum's defaults.\n",
        WAIT.as_secs(),
        HEADER_TIMEOUT.as_millis()
    )?;
    write!(out, "{}", markdown(&socket_outcomes, &framework_outcomes))?;
    socket.shutdown()?;
    // hyper waits for connections a stalled client left open; the table is
    // printed already, so a slow stop costs nothing but time.
    drop(framework);
    Ok(())
}

/// Runs every case against `addr`, each on its own thread: the cases about
/// time then overlap instead of adding up.
pub fn run_all(addr: SocketAddr) -> Vec<Outcome> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = CASES
            .iter()
            .map(|case| scope.spawn(move || run(addr, case, WAIT)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or(Outcome {
                    statuses: Vec::new(),
                    end: End::Silent,
                })
            })
            .collect()
    })
}
