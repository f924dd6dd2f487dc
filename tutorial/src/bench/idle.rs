//! The cost of an idle connection, and of a new one while many wait.
//!
//! A browser, a phone app, a chat client: most connections a server holds
//! are doing nothing, kept open for the next request. What one costs in
//! memory, and whether thousands of them slow down everyone else, is the
//! C10K question. Here, for one server:
//!
//! 1. read its RSS;
//! 2. open N keep-alive connections, each sending one `GET` and reading
//!    the answer, then staying open and silent;
//! 3. read its RSS again: (after − before) / N is the memory per idle
//!    connection, with the buffers, stack or task each one holds;
//! 4. while they are held, a fresh client makes M exchanges one after the
//!    other, each a connect, a `GET`, the answer, a close: their latency
//!    is what a new visitor meets on a busy server;
//! 5. count how many held connections are still open, then close them all.

use std::error::Error;
use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

use raw_client::transport::Stream;

use super::BENCH_TARGET;
use super::process::ServerProcess;
use crate::demos::{Answer, Conn, connect};

/// How long one answer may take before it counts as an error: wrk's
/// timeout, so "no answer" means the same in both tests.
const ANSWER_WAIT: Duration = Duration::from_secs(2);

/// After this many failures in a row, a server is taken to refuse every
/// connection, and the test moves on rather than wait 2 s for each.
pub const GIVE_UP_AFTER: usize = 5;

/// What the idle test measured for one server.
#[derive(Debug, Clone, PartialEq)]
pub struct IdleResult {
    /// Connections asked for.
    pub asked: usize,
    /// Connections that got a `200` and were held open.
    pub held: usize,
    pub rss_before_kib: Option<u64>,
    pub rss_after_kib: Option<u64>,
    /// Held connections still open once the probes were done.
    pub still_open: usize,
    /// The probes' latencies, connect to answer, sorted.
    pub probe_times: Vec<Duration>,
    /// Probes that failed: no connection, or no `200`.
    pub probe_errors: usize,
}

impl IdleResult {
    /// Memory per held connection, in KiB.
    pub fn kib_per_connection(&self) -> Option<f64> {
        let (before, after) = (self.rss_before_kib?, self.rss_after_kib?);
        (self.held > 0).then(|| (after as f64 - before as f64) / self.held as f64)
    }
}

/// Runs the idle test against `server`: hold `connections`, make `probes`.
pub fn measure(
    server: &ServerProcess,
    connections: usize,
    probes: usize,
) -> Result<IdleResult, Box<dyn Error>> {
    let request = format!("GET {BENCH_TARGET} HTTP/1.1\r\nHost: bench\r\n\r\n");
    let rss_before_kib = server.rss_kib();
    let mut held = Vec::with_capacity(connections);
    let mut failed_in_a_row = 0;
    for _ in 0..connections {
        // A failure (a 503 past a cap, or out of file descriptors here)
        // is counted by what is missing from `held`.
        match exchange(server, request.as_bytes()) {
            Ok(conn) => {
                held.push(conn);
                failed_in_a_row = 0;
            }
            Err(_) => failed_in_a_row += 1,
        }
        if failed_in_a_row == GIVE_UP_AFTER {
            break;
        }
    }
    let rss_after_kib = server.rss_kib();
    let mut probe_times = Vec::with_capacity(probes);
    let mut probe_errors = 0;
    for _ in 0..probes {
        let started = Instant::now();
        match exchange(server, request.as_bytes()) {
            // Dropping the connection closes it: that is part of the probe.
            Ok(conn) => {
                drop(conn);
                probe_times.push(started.elapsed());
            }
            Err(_) => probe_errors += 1,
        }
        if probe_errors == GIVE_UP_AFTER && probe_times.is_empty() {
            break;
        }
    }
    probe_times.sort();
    let still_open = held.iter().filter(|conn| is_open(conn)).count();
    Ok(IdleResult {
        asked: connections,
        held: held.len(),
        rss_before_kib,
        rss_after_kib,
        still_open,
        probe_times,
        probe_errors,
    })
}

/// A new connection, one `GET`, its answer read whole: a `200` or an error.
fn exchange(server: &ServerProcess, request: &[u8]) -> Result<Conn, Box<dyn Error>> {
    let mut conn = connect(server.addr())?;
    conn.write_all(request)?;
    match conn.answer("GET", ANSWER_WAIT) {
        Answer::Reply(reply) if reply.head.status == 200 => Ok(conn),
        other => Err(other.describe().into()),
    }
}

/// Is a held connection still open? A read that would block says yes;
/// 0 bytes (the server closed it) or an error says no. No waiting.
fn is_open(conn: &Conn) -> bool {
    let Stream::Plain(tcp) = &conn.stream else {
        return false;
    };
    if tcp.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8; 1];
    // `Read` is implemented for `&TcpStream` too: no `mut` needed.
    let mut reader: &std::net::TcpStream = tcp;
    matches!(reader.read(&mut byte), Err(e) if e.kind() == ErrorKind::WouldBlock)
}
