//! ex25_readiness: `on_ready` woken by a loop of the checker's own, over a
//! scripted non-blocking socket.
//!
//! Each tick, the scripted network delivers some of the client's bytes
//! (split anywhere, pipelined, or all at once), the scripted client reads
//! some of what the server wrote (or nothing), and the loop calls
//! `on_ready` only when something *changed*, as an edge-triggered loop
//! does: new bytes (or the client's close) arrived, or a socket that was
//! full has room again. Reads return at most a few bytes when the case
//! says so, writes take part of what they are given, and the socket holds
//! only so much unread. Then:
//!
//! - every answer must have been written, whole and in order (read back
//!   with `wire`'s `ResponseReader`), and nothing else;
//! - no read may be made while the answers queued and not yet taken by
//!   the socket add up to `OUT_BOUND` or more (backpressure);
//! - `on_ready` must return when it would block: a run of socket calls
//!   that change nothing ends the case;
//! - `Next::Close` exactly when the connection is over, and only once
//!   everything queued has been sent.
//!
//! What is expected comes from the same `LoopConn` fed each request whole
//! on a socket that never blocks.

use std::fmt::Write as _;
use std::io::{self, ErrorKind, Read, Write};

use exercises::readiness::{LoopConn, Next, OUT_BOUND};
use wire::server::Event;
use wire::{ResponseEvent, ResponseReader};

use crate::check::failure::bytes;
use crate::check::implementation::OnReadyFn;
use crate::check::random::Rng;
use crate::check::{Context, Failure};

/// Socket calls in a row that change nothing (`WouldBlock`, or the
/// client's close read again) before the checker calls it a spin. A
/// correct `on_ready` makes one read that would block, and one write that
/// would block per request it answers from bytes already read: a dozen at
/// most here.
const SPIN: usize = 100;

/// Ticks before a case gives up: far more than any case needs.
const MAX_TICKS: usize = 100_000;

/// When the scripted client reads what the server wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// Every tick, some of it.
    Prompt,
    /// Nothing until this tick, then every tick.
    From(usize),
    /// Never.
    Never,
}

/// One case: what the client sends, and how the network and the client behave.
#[derive(Debug, Clone)]
struct Plan {
    name: String,
    requests: Vec<Vec<u8>>,
    /// Bytes of a last request cut short by the client's close.
    cut: Vec<u8>,
    /// Most bytes the network delivers per tick (`usize::MAX`: all at once).
    pace: usize,
    /// Most bytes one read returns.
    read_cap: usize,
    /// Most bytes one write takes.
    write_cap: usize,
    /// How many written bytes the socket holds before the client reads them.
    capacity: usize,
    reader: Reader,
    /// The client closes its side once everything is delivered.
    eof: bool,
    /// Wake-ups for nothing, now and then.
    spurious: bool,
}

impl Plan {
    fn new(name: &str, requests: Vec<Vec<u8>>) -> Plan {
        Plan {
            name: name.into(),
            requests,
            cut: Vec::new(),
            pace: usize::MAX,
            read_cap: usize::MAX,
            write_cap: usize::MAX,
            capacity: 1 << 20,
            reader: Reader::Prompt,
            eof: false,
            spurious: false,
        }
    }

    /// Every byte the client sends, in order.
    fn incoming(&self) -> Vec<u8> {
        let mut all = self.requests.concat();
        all.extend_from_slice(&self.cut);
        all
    }

    /// The case, told as the input of a failure.
    fn describe(&self) -> String {
        let mut text = String::new();
        for request in &self.requests {
            let line = request.split(|&b| b == b'\r').next().unwrap_or_default();
            let head = request
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map_or(request.len(), |end| end + 4);
            let body = match request.len() - head {
                0 => String::new(),
                n => format!(" + a body of {n} bytes"),
            };
            let _ = writeln!(text, "request  {}{body}", String::from_utf8_lossy(line));
        }
        if !self.cut.is_empty() {
            let _ = writeln!(text, "then     {} (cut short)", bytes(&self.cut));
        }
        let most = |n: usize, what: &str| {
            if n == usize::MAX {
                format!("{what}: any number of bytes")
            } else {
                format!("{what}: at most {n} bytes")
            }
        };
        let _ = writeln!(
            text,
            "network  {}; {}; {}",
            most(self.pace, "delivered per tick"),
            most(self.read_cap, "one read returns"),
            most(self.write_cap, "one write takes")
        );
        let reader = match self.reader {
            Reader::Prompt => "reads every tick".to_string(),
            Reader::From(tick) => format!("reads nothing until tick {tick}"),
            Reader::Never => "never reads".to_string(),
        };
        let _ = write!(
            text,
            "client   the socket holds at most {} bytes the client has not read; the client {reader}{}",
            self.capacity,
            if self.eof {
                ", and closes after its last byte"
            } else {
                ", and stays connected"
            }
        );
        text
    }
}

/// One response as read back: status and body.
type Answer = (u16, Vec<u8>);

/// What a connection should do, worked out by feeding each request whole
/// to a `LoopConn` on a socket that never blocks.
struct Expected {
    /// The size of each complete request's answer, in bytes (0: none,
    /// the connection was over before it).
    sizes: Vec<usize>,
    /// Where each complete request ends in the client's bytes.
    ends: Vec<usize>,
    answers: Vec<Answer>,
    /// The connection is over at the end: `Next::Close` is owed.
    closes: bool,
}

fn expected(plan: &Plan) -> Expected {
    let mut conn = LoopConn::new();
    let (mut sizes, mut ends, mut written) = (Vec::new(), Vec::new(), Vec::new());
    let mut end = 0;
    let mut closed = false;
    for request in &plan.requests {
        end += request.len();
        ends.push(end);
        if closed {
            sizes.push(0);
            continue;
        }
        conn.machine.receive(request, std::time::Instant::now());
        closed = settle(&mut conn);
        sizes.push(conn.out.len());
        written.append(&mut conn.out);
    }
    if !closed && (!plan.cut.is_empty() || plan.eof) {
        conn.machine.receive(&plan.cut, std::time::Instant::now());
        if plan.eof {
            conn.machine.receive_eof();
        }
        closed = settle(&mut conn);
        written.append(&mut conn.out);
    }
    let (answers, _) = read_back(&written);
    Expected {
        sizes,
        ends,
        answers,
        closes: closed,
    }
}

/// Acts on the machine's events until it needs bytes; true if it closed.
fn settle(conn: &mut LoopConn) -> bool {
    loop {
        match conn.machine.next_event() {
            Event::NeedData { .. } => return false,
            Event::Closed | Event::Paused => return true,
            event => conn.handle(event),
        }
    }
}

/// The whole responses in `written`, in order, and how many bytes follow
/// the last of them (a response cut short, or bytes that are none).
fn read_back(written: &[u8]) -> (Vec<Answer>, usize) {
    let mut buf = written.to_vec();
    let mut answers = Vec::new();
    loop {
        let before = buf.len();
        if before == 0 {
            return (answers, 0);
        }
        let mut reader = ResponseReader::new("GET");
        let (mut status, mut body) = (None, Vec::new());
        loop {
            match reader.next_event(&mut buf, false) {
                Ok(ResponseEvent::Head(head)) => status = Some(head.status),
                Ok(ResponseEvent::Data(data)) => body.extend_from_slice(&data),
                Ok(ResponseEvent::Interim(_)) => {}
                Ok(ResponseEvent::End) => break,
                Ok(ResponseEvent::NeedMore) | Err(_) => return (answers, before),
            }
        }
        answers.push((status.unwrap_or_default(), body));
    }
}

/// The socket `on_ready` is given: the server's end of the scripted connection.
struct Scripted {
    incoming: Vec<u8>,
    /// How far the network has delivered `incoming`.
    delivered: usize,
    eof_delivered: bool,
    /// How far the server has read.
    taken: usize,
    read_cap: usize,
    write_cap: usize,
    capacity: usize,
    /// Written by the server, not yet read by the client.
    in_flight: Vec<u8>,
    /// Read by the client.
    received: Vec<u8>,
    written: usize,
    /// A write found the socket full, or it took less than it was given:
    /// the loop is told when there is room again.
    write_armed: bool,
    /// Socket calls in a row that changed nothing.
    idle_calls: usize,
    spun: bool,
    /// Where each complete request ends, and its answer's size.
    ends: Vec<usize>,
    sizes: Vec<usize>,
    /// Unsent bytes at the first read made at or over the bound.
    read_over_bound: Option<usize>,
}

impl Scripted {
    fn new(plan: &Plan, want: &Expected) -> Scripted {
        Scripted {
            incoming: plan.incoming(),
            delivered: 0,
            eof_delivered: false,
            taken: 0,
            read_cap: plan.read_cap,
            write_cap: plan.write_cap,
            capacity: plan.capacity,
            in_flight: Vec::new(),
            received: Vec::new(),
            written: 0,
            write_armed: false,
            idle_calls: 0,
            spun: false,
            ends: want.ends.clone(),
            sizes: want.sizes.clone(),
            read_over_bound: None,
        }
    }

    /// The network delivers up to `pace` more bytes, or the client's
    /// close after the last. True if anything arrived: a readable edge.
    fn deliver(&mut self, pace: usize, eof: bool, rng: &mut Rng) -> bool {
        let left = self.incoming.len() - self.delivered;
        if left > 0 {
            let n = if pace == usize::MAX {
                left
            } else {
                rng.between(1, pace).min(left)
            };
            self.delivered += n;
            return true;
        }
        if eof && !self.eof_delivered {
            self.eof_delivered = true;
            return true;
        }
        false
    }

    /// The client reads some of what was written. True if that made room
    /// in a socket the server found full: a writable edge.
    fn client_reads(&mut self, rng: &mut Rng) -> bool {
        if self.in_flight.is_empty() {
            return false;
        }
        let n = rng.between(1, self.in_flight.len().min(4096));
        self.received.extend(self.in_flight.drain(..n));
        std::mem::take(&mut self.write_armed)
    }

    /// Everything the server wrote, in order, read by the client or not.
    fn written_bytes(&self) -> Vec<u8> {
        [self.received.as_slice(), self.in_flight.as_slice()].concat()
    }

    /// Counts a call that changed nothing; past [`SPIN`], every call fails.
    fn idle(&mut self) -> io::Result<()> {
        self.idle_calls += 1;
        if self.idle_calls > SPIN {
            self.spun = true;
        }
        self.refuse_if_spun()
    }

    fn refuse_if_spun(&self) -> io::Result<()> {
        if self.spun {
            return Err(io::Error::other(
                "the checker stopped a loop that would not stop",
            ));
        }
        Ok(())
    }

    /// Answers queued and not yet taken by the socket, by what the server
    /// has read: every complete request it read is answered by then.
    fn unsent(&self) -> usize {
        let owed: usize = self
            .ends
            .iter()
            .zip(&self.sizes)
            .filter(|(end, _)| **end <= self.taken)
            .map(|(_, size)| size)
            .sum();
        owed.saturating_sub(self.written)
    }

    fn room(&self) -> usize {
        self.capacity.saturating_sub(self.in_flight.len())
    }
}

impl Read for Scripted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.refuse_if_spun()?;
        let unsent = self.unsent();
        if unsent >= OUT_BOUND && self.read_over_bound.is_none() {
            self.read_over_bound = Some(unsent);
        }
        let ready = self.delivered - self.taken;
        if ready > 0 && !buf.is_empty() {
            let n = ready.min(buf.len()).min(self.read_cap);
            buf[..n].copy_from_slice(&self.incoming[self.taken..self.taken + n]);
            self.taken += n;
            self.idle_calls = 0;
            return Ok(n);
        }
        if self.eof_delivered {
            self.idle()?;
            return Ok(0);
        }
        self.idle()?;
        Err(ErrorKind::WouldBlock.into())
    }
}

impl Write for Scripted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.refuse_if_spun()?;
        if buf.is_empty() {
            return Ok(0);
        }
        let room = self.room();
        if room == 0 {
            self.write_armed = true;
            self.idle()?;
            return Err(ErrorKind::WouldBlock.into());
        }
        let n = buf.len().min(room).min(self.write_cap);
        if n < buf.len() {
            self.write_armed = true;
        }
        self.in_flight.extend_from_slice(&buf[..n]);
        self.written += n;
        self.idle_calls = 0;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How one run went.
struct Run {
    socket: Scripted,
    /// What the last call returned, if `on_ready` was called.
    last: Option<Next>,
    /// `Next::Close` came with this many bytes still in `conn.out`.
    closed_early: Option<usize>,
}

/// The checker's event loop, for one connection.
fn drive(plan: &Plan, on_ready: OnReadyFn, rng: &mut Rng, want: &Expected) -> Run {
    let mut conn = LoopConn::new();
    let mut run = Run {
        socket: Scripted::new(plan, want),
        last: None,
        closed_early: None,
    };
    let socket = &mut run.socket;
    for tick in 0..MAX_TICKS {
        // A new socket is writable: the first wake-up comes at once.
        let mut wake = tick == 0;
        wake |= socket.deliver(plan.pace, plan.eof, rng);
        let reads = match plan.reader {
            Reader::Prompt => true,
            Reader::From(from) => tick >= from,
            Reader::Never => false,
        };
        if reads {
            wake |= socket.client_reads(rng);
        }
        if !wake {
            // Nothing will ever change again: the run is over.
            let quiet = socket.delivered == socket.incoming.len()
                && socket.eof_delivered == plan.eof
                && (socket.in_flight.is_empty() || plan.reader == Reader::Never)
                && !matches!(plan.reader, Reader::From(from) if tick < from);
            if quiet {
                break;
            }
            // A wake-up for nothing, now and then: it must do no harm.
            if !(plan.spurious && rng.one_in(5)) {
                continue;
            }
        }
        socket.idle_calls = 0;
        let next = on_ready(&mut conn, socket);
        run.last = Some(next);
        if socket.spun {
            break;
        }
        if next == Next::Close {
            if !conn.out.is_empty() {
                run.closed_early = Some(conn.out.len());
            }
            break;
        }
    }
    run
}

/// What is wrong with `run`, if anything.
fn judge(plan: &Plan, want: &Expected, run: &Run) -> Result<(), Failure> {
    let fail = |expected: String, got: String| {
        Failure::function(
            &plan.name,
            plan.describe(),
            format_args!("{expected}"),
            format_args!("{got}"),
        )
    };
    let socket = &run.socket;
    if socket.spun {
        return Err(fail(
            "on_ready returns once the socket would block".into(),
            format!(
                "{SPIN} socket calls in a row that changed nothing (WouldBlock, or the \
                 client's close read again): after WouldBlock return Next::Wait, and \
                 give Ok(0) to conn.machine.receive_eof()"
            ),
        ));
    }
    if let Some(unsent) = socket.read_over_bound {
        return Err(fail(
            format!(
                "no read while {OUT_BOUND} bytes or more wait to be sent (OUT_BOUND: backpressure)"
            ),
            format!("a read with {unsent} bytes of answers queued and not taken by the socket"),
        ));
    }
    if let Some(left) = run.closed_early {
        return Err(fail(
            "Next::Close once conn.out is empty".into(),
            format!(
                "Next::Close with {left} bytes still in conn.out: the last answer is cut short"
            ),
        ));
    }
    let closed = run.last == Some(Next::Close);
    if !want.closes && closed {
        return Err(fail(
            "Next::Wait: the client keeps the connection open for more requests".into(),
            "Next::Close".into(),
        ));
    }
    let written = socket.written_bytes();
    let (got, rest) = read_back(&written);
    let never_reads = plan.reader == Reader::Never;
    let shown = |answers: &[Answer]| -> String {
        let list: Vec<String> = answers
            .iter()
            .map(|(status, body)| format!("{status} ({} bytes)", body.len()))
            .collect();
        format!("[{}]", list.join(", "))
    };
    for (n, (got, want)) in got.iter().zip(&want.answers).enumerate() {
        if got != want {
            return Err(fail(
                format!(
                    "answer {} is {} with a body of {} bytes: {}",
                    n + 1,
                    want.0,
                    want.1.len(),
                    bytes(&want.1)
                ),
                format!(
                    "{} with a body of {} bytes: {} (a write's bytes lost, repeated or \
                     out of order?)",
                    got.0,
                    got.1.len(),
                    bytes(&got.1)
                ),
            ));
        }
    }
    if got.len() > want.answers.len() || (rest > 0 && !never_reads) {
        return Err(fail(
            format!("the answers {}, and nothing else", shown(&want.answers)),
            format!(
                "{}, then {rest} bytes that are not a whole answer: {} (a write that took \
                 only part of what it was given, counted as whole?)",
                shown(&got),
                bytes(&written[written.len() - rest..])
            ),
        ));
    }
    if got.len() < want.answers.len() && !never_reads {
        let unread = socket.delivered - socket.taken;
        let why = if unread > 0 {
            format!(
                "{unread} bytes had arrived and were never read: the loop wakes you when new \
                 bytes come, not while bytes sit unread, so read until WouldBlock"
            )
        } else {
            "every byte was read, yet the answers were not all written: write until \
             conn.out is empty or the socket says WouldBlock (a write may take only part)"
                .to_string()
        };
        return Err(fail(
            format!("the answers {}", shown(&want.answers)),
            format!("only {} when the loop went quiet; {why}", shown(&got)),
        ));
    }
    if want.closes && !closed && !never_reads {
        return Err(fail(
            "Next::Close: the connection is over, and everything is sent".into(),
            format!(
                "{:?} at the end: the socket would stay open for nothing",
                run.last
            ),
        ));
    }
    Ok(())
}

fn hello(rng: &mut Rng) -> Vec<u8> {
    format!("GET /hello?name={} HTTP/1.1\r\nHost: x\r\n\r\n", rng.word()).into_bytes()
}

fn echo(rng: &mut Rng, size: std::ops::RangeInclusive<usize>) -> Vec<u8> {
    let body = rng.bytes(size);
    let mut request = format!(
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend(body);
    request
}

fn big(n: usize) -> Vec<u8> {
    format!("GET /big?n={n} HTTP/1.1\r\nHost: x\r\n\r\n").into_bytes()
}

fn closing(rng: &mut Rng) -> Vec<u8> {
    format!(
        "GET /hello?name={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        rng.word()
    )
    .into_bytes()
}

/// A few requests of every kind, small answers.
fn some(rng: &mut Rng, count: usize) -> Vec<Vec<u8>> {
    (0..count)
        .map(|_| match rng.below(3) {
            0 => hello(rng),
            1 => echo(rng, 0..=300),
            _ => big(rng.between(1, 2000)),
        })
        .collect()
}

fn plans(rng: &mut Rng) -> Vec<Plan> {
    let mut plans = Vec::new();
    plans.push(Plan::new(
        "one GET, then the client waits for more",
        vec![hello(rng)],
    ));
    plans.push(Plan {
        pace: 7,
        ..Plan::new(
            "requests split at random bytes",
            vec![hello(rng), echo(rng, 1..=40), hello(rng)],
        )
    });
    let count = rng.between(4, 6);
    plans.push(Plan {
        read_cap: rng.between(5, 24),
        ..Plan::new(
            "pipelined requests in one burst, read in small pieces: read until WouldBlock",
            (0..count).map(|_| hello(rng)).collect(),
        )
    });
    plans.push(Plan {
        pace: 50,
        read_cap: 64,
        ..Plan::new(
            "POST bodies split anywhere",
            (0..3).map(|_| echo(rng, 50..=400)).collect(),
        )
    });
    plans.push(Plan {
        write_cap: rng.between(3, 13),
        capacity: 64,
        ..Plan::new(
            "partial writes: a socket that takes a few bytes at a time",
            vec![hello(rng), big(rng.between(300, 900)), echo(rng, 20..=200)],
        )
    });
    // Answers of 3 to 4 KiB, twelve of them: several times OUT_BOUND.
    let bigs = |rng: &mut Rng| (0..12).map(|_| big(rng.between(3000, 4000))).collect();
    plans.push(Plan {
        pace: 60,
        capacity: 4096,
        reader: Reader::From(300),
        ..Plan::new(
            "a client that reads nothing for a while: past OUT_BOUND unsent, stop reading",
            bigs(rng),
        )
    });
    plans.push(Plan {
        pace: 60,
        capacity: 4096,
        reader: Reader::Never,
        spurious: true,
        ..Plan::new(
            "a client that never reads: stop reading, and wait",
            bigs(rng),
        )
    });
    plans.push(Plan {
        pace: 20,
        write_cap: 16,
        capacity: 32,
        eof: true,
        ..Plan::new(
            "the client closes after its last request: every answer, then Close",
            some(rng, 3),
        )
    });
    plans.push(Plan::new(
        "Connection: close: Close after its answer, nothing read after it answered",
        vec![hello(rng), closing(rng), hello(rng)],
    ));
    let half = hello(rng);
    plans.push(Plan {
        cut: half[..half.len() / 2].to_vec(),
        eof: true,
        ..Plan::new(
            "the client leaves halfway through a request: Close, no answer to it",
            vec![hello(rng), echo(rng, 1..=50)],
        )
    });
    plans.push(Plan::new(
        "a bad request (no Host): its 400, then Close",
        vec![
            hello(rng),
            b"GET /hello HTTP/1.1\r\n\r\n".to_vec(),
            hello(rng),
        ],
    ));
    for n in 1..=30 {
        let count = rng.between(1, 6);
        let mut requests = some(rng, count);
        if rng.one_in(4) {
            requests.push(closing(rng));
        }
        let pick = |rng: &mut Rng, values: &[usize]| *rng.pick(values);
        plans.push(Plan {
            pace: pick(rng, &[usize::MAX, 1, 9, 100]),
            read_cap: pick(rng, &[usize::MAX, 3, 17, 500]),
            write_cap: pick(rng, &[usize::MAX, 1, 11, 700]),
            capacity: pick(rng, &[1 << 20, 8, 1000]),
            reader: if rng.one_in(3) {
                Reader::From(rng.between(1, 100))
            } else {
                Reader::Prompt
            },
            eof: rng.one_in(2),
            spurious: true,
            ..Plan::new(&format!("random mix #{n}"), requests)
        });
    }
    plans
}

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let on_ready = context.implementation.ex25_readiness;
    let rng = &mut context.rng;
    for plan in plans(rng) {
        let want = expected(&plan);
        let run = drive(&plan, on_ready, rng, &want);
        judge(&plan, &want, &run)?;
    }
    Ok(())
}
