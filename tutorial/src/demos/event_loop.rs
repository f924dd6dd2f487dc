//! Chapter 21, `event-loop`: the same server on its two drivers, side by side.
//!
//! 1. Both drivers hold the same idle keep-alive connections: with
//!    `--io threads` the process has a thread more for each, with
//!    `--io events` not one; a new client is answered as fast by both.
//! 2. On `--io events`, a `/stream` whose lines come 150 ms apart is lent
//!    a worker thread, and the loop goes on answering other clients
//!    meanwhile; when it ends, the connection is back on the loop.
//! 3. NAIVE: a handler that sleeps, written like any other. On its own
//!    thread it holds up nobody; on a loop it holds up every connection
//!    of that loop.
//!
//! Threads are counted in `/proc/self/task`, which Linux has; elsewhere
//! the demo says "not measured".

use std::io::{ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use socket_api::{Config, Io, Request, Response, routes};
use wire::{ResponseEvent, ResponseReader, StatusCode};

use super::{Conn, DemoResult, WAIT, any_port, connect, ms, step};

pub const ABOUT: &str = "idle connections on both drivers: threads and latency; a stream lent a thread; a handler that blocks its loop";

const HELLO: &[u8] = b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
/// New clients timed while the idle ones are held.
const PROBES: usize = 20;
/// How long the NAIVE handler sleeps.
const NAP: Duration = Duration::from_millis(200);
/// Clients that ask for `/hello` while it sleeps.
const NAPPERS: usize = 16;

/// The threads of this process, as Linux lists them; `None` elsewhere.
fn threads_now() -> Option<usize> {
    std::fs::read_dir("/proc/self/task")
        .ok()
        .map(|dir| dir.count())
}

/// The threads of this process whose name starts with `prefix` (Linux).
fn threads_named(prefix: &str) -> Option<usize> {
    let dir = std::fs::read_dir("/proc/self/task").ok()?;
    Some(
        dir.filter_map(Result::ok)
            .filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok())
            .filter(|name| name.starts_with(prefix))
            .count(),
    )
}

fn count(n: Option<usize>) -> String {
    n.map_or("not measured".into(), |n| n.to_string())
}

/// This process's soft limit on open files (Linux), if it can be read.
fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// How many idle connections to hold: 200, or fewer if the open-files
/// limit is low. The threads driver takes two descriptors per connection,
/// and the client here one; macOS's default limit is 256.
fn how_many() -> (usize, String) {
    let limit = open_files_limit();
    let budget = limit.unwrap_or(256).saturating_sub(64) / 3;
    let n = [200, 100, 50, 20]
        .into_iter()
        .find(|&n| n <= budget)
        .unwrap_or(10);
    let why = match limit {
        Some(limit) => format!("this process may open {limit} files"),
        None => "the open-files limit is not known here; macOS's default is 256".into(),
    };
    (n, why)
}

/// `socket_api` with its own route table on the driver `io`, idle
/// connections kept for a long while.
fn start(io: Io, idle: usize) -> std::io::Result<socket_api::Running> {
    socket_api::Running::start(
        any_port(),
        Config {
            io,
            idle_timeout: Duration::from_secs(30),
            max_connections: idle + 100,
            ..Config::default()
        },
    )
}

/// A new connection, `GET /hello`, the answer, the close: how long it took.
fn probe(addr: SocketAddr) -> Result<Duration, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut conn = connect(addr)?;
    conn.write_all(HELLO)?;
    conn.answer("GET", WAIT).reply()?;
    Ok(started.elapsed())
}

/// What one driver did with `n` idle connections.
struct Held {
    before: Option<usize>,
    after: Option<usize>,
    /// The probes' times, sorted.
    probes: Vec<Duration>,
}

fn hold(io: Io, n: usize) -> Result<Held, Box<dyn std::error::Error>> {
    let server = start(io, n)?;
    let addr = server.addr();
    // Its threads started (every loop, on --io events), and the thread of
    // this first connection gone again.
    probe(addr)?;
    thread::sleep(Duration::from_millis(50));
    let before = threads_now();
    let mut idle: Vec<Conn> = Vec::with_capacity(n);
    for _ in 0..n {
        let mut conn = connect(addr)?;
        conn.write_all(HELLO)?;
        conn.answer("GET", WAIT).reply()?;
        idle.push(conn);
    }
    let after = threads_now();
    let mut probes = (0..PROBES)
        .map(|_| probe(addr))
        .collect::<Result<Vec<_>, _>>()?;
    probes.sort();
    drop(idle);
    server.shutdown()?;
    Ok(Held {
        before,
        after,
        probes,
    })
}

/// A line of `/stream` as client A read it, or B's answer.
enum Seen {
    Line(String),
    End,
    Hello {
        took: Duration,
        status: String,
        workers: Option<usize>,
    },
}

/// Client A: `/stream`, each decoded piece stamped with its arrival; then,
/// on the same connection, `GET /hello`.
fn stream_client(
    addr: SocketAddr,
    started: Instant,
) -> Result<(Vec<(Duration, Seen)>, String), String> {
    let mut conn = connect(addr).map_err(|e| e.to_string())?;
    let request = b"GET /stream?n=3&delay_ms=150 HTTP/1.1\r\nHost: x\r\n\r\n";
    conn.write_all(request).map_err(|e| e.to_string())?;
    conn.stream
        .set_deadline(Some(Instant::now() + Duration::from_secs(2)))
        .map_err(|e| e.to_string())?;
    let mut reader = ResponseReader::new("GET");
    let (mut buf, mut seen) = (Vec::new(), Vec::new());
    loop {
        match reader.next_event(&mut buf, false) {
            Ok(ResponseEvent::NeedMore) => {
                let mut chunk = [0u8; 4096];
                match conn.stream.read(&mut chunk) {
                    Ok(0) => return Err("the server closed the stream".into()),
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                        return Err("the stream stalled for two seconds".into());
                    }
                    Err(e) => return Err(e.to_string()),
                }
            }
            Ok(ResponseEvent::Data(data)) => {
                let line = String::from_utf8_lossy(&data).trim_end().to_string();
                seen.push((started.elapsed(), Seen::Line(line)));
            }
            Ok(ResponseEvent::End) => break,
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    seen.push((started.elapsed(), Seen::End));
    conn.write_all(HELLO).map_err(|e| e.to_string())?;
    let after = conn.answer("GET", WAIT).describe();
    Ok((seen, after))
}

/// Naps begun: the race starts once the nap is under way, not after a guess.
static NAPS: AtomicUsize = AtomicUsize::new(0);

fn nap(_: &Request) -> Response {
    NAPS.fetch_add(1, Ordering::SeqCst);
    thread::sleep(NAP);
    Response::text(StatusCode::OK, "slept\n")
}

fn hello(_: &Request) -> Response {
    Response::text(StatusCode::OK, "Hello")
}

/// `NAPPERS` clients connect (and are answered once, so each is settled
/// on a loop), one client asks for `/nap`, and once it naps the others
/// each ask for `/hello` at once: how long each waited.
fn nap_race(io: Io) -> Result<Vec<Duration>, Box<dyn std::error::Error>> {
    let server = socket_api::Running::start_router(
        any_port(),
        routes! {
            GET "/nap" => nap,
            GET "/hello" => hello,
        },
        Config {
            io,
            ..Config::default()
        },
    )?;
    let mut waiting = Vec::new();
    for _ in 0..NAPPERS {
        let mut conn = connect(server.addr())?;
        conn.write_all(HELLO)?;
        conn.answer("GET", WAIT).reply()?;
        waiting.push(conn);
    }
    let naps = NAPS.load(Ordering::SeqCst);
    let mut napper = connect(server.addr())?;
    napper.write_all(b"GET /nap HTTP/1.1\r\nHost: x\r\n\r\n")?;
    // Once the handler has begun its nap, the others ask.
    let given_up = Instant::now() + Duration::from_secs(2);
    while NAPS.load(Ordering::SeqCst) == naps && Instant::now() < given_up {
        thread::yield_now();
    }
    let clients: Vec<_> = waiting
        .into_iter()
        .map(|mut conn| {
            thread::spawn(move || -> Result<Duration, String> {
                let started = Instant::now();
                conn.write_all(HELLO).map_err(|e| e.to_string())?;
                conn.answer("GET", Duration::from_secs(2))
                    .reply()
                    .map_err(|e| e.to_string())?;
                Ok(started.elapsed())
            })
        })
        .collect();
    let mut times = Vec::new();
    for client in clients {
        let took = client.join().map_err(|_| "a client thread panicked")??;
        times.push(took);
    }
    napper.answer("GET", Duration::from_secs(2)).reply()?;
    Ok(times)
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    let (n, why) = how_many();
    step(
        out,
        &format!("1. {n} idle keep-alive connections, on each driver"),
    )?;
    writeln!(
        out,
        "Each sent GET /hello, read its answer, and stays open, silent. ({n}: {why}.)"
    )?;
    let threads = hold(Io::Threads, n)?;
    let events = hold(Io::Events, n)?;
    let loops = thread::available_parallelism().map_or(1, |n| n.get());
    let row = |label: &str, a: String, b: String| format!("{label:<44}{a:>14}{b:>14}");
    let median = |h: &Held| ms(h.probes[h.probes.len() / 2]);
    let slowest = |h: &Held| ms(h.probes[h.probes.len() - 1]);
    writeln!(
        out,
        "\n{}",
        row("", "--io threads".into(), "--io events".into())
    )?;
    writeln!(
        out,
        "{}",
        row(
            "threads in this process, before",
            count(threads.before),
            count(events.before)
        )
    )?;
    writeln!(
        out,
        "{}",
        row(
            &format!("threads in this process, {n} held"),
            count(threads.after),
            count(events.after)
        )
    )?;
    writeln!(
        out,
        "{}",
        row(
            &format!("a new client's GET /hello, median of {PROBES}"),
            median(&threads),
            median(&events)
        )
    )?;
    writeln!(
        out,
        "{}",
        row(
            &format!("a new client's GET /hello, slowest of {PROBES}"),
            slowest(&threads),
            slowest(&events)
        )
    )?;
    writeln!(
        out,
        "\nWhat to notice: --io threads gives each held connection a thread, asleep in read();"
    )?;
    writeln!(
        out,
        "--io events holds the same {n} as entries in a map, on its {loops} loop thread(s), one per core."
    )?;
    writeln!(
        out,
        "A new client is answered as fast by both: idle connections cost neither model time,"
    )?;
    writeln!(
        out,
        "only memory (a stack per thread, a few buffers per entry). The chapter's measurements"
    )?;
    writeln!(
        out,
        "hold 10,000 (cargo run --release -p tutorial -- bench)."
    )?;

    step(
        out,
        "2. --io events: a /stream is lent a thread, and the loop goes on serving",
    )?;
    writeln!(
        out,
        "Client A: GET /stream?n=3&delay_ms=150. Client B, every 50 ms, a new connection: GET /hello."
    )?;
    let server = start(Io::Events, 10)?;
    let addr = server.addr();
    let started = Instant::now();
    let a = thread::spawn(move || stream_client(addr, started));
    let mut seen = Vec::new();
    for _ in 0..6 {
        thread::sleep(Duration::from_millis(50));
        let asked = Instant::now();
        let mut conn = connect(addr)?;
        conn.write_all(HELLO)?;
        let status = conn.answer("GET", WAIT).describe();
        let took = asked.elapsed();
        let workers = threads_named("slow-request");
        seen.push((
            started.elapsed(),
            Seen::Hello {
                took,
                status,
                workers,
            },
        ));
    }
    let (lines, after) = a.join().map_err(|_| "client A panicked")??;
    seen.extend(lines);
    seen.sort_by_key(|(at, _)| *at);
    for (at, what) in &seen {
        let at = format!("+{}", ms(*at));
        match what {
            Seen::Line(line) => writeln!(out, "  {at:>10}  A  {line}")?,
            Seen::End => writeln!(out, "  {at:>10}  A  the last chunk: the stream is over")?,
            Seen::Hello {
                took,
                status,
                workers,
            } => writeln!(
                out,
                "  {at:>10}  B  {status} in {}   (threads named slow-request: {})",
                ms(*took),
                count(*workers)
            )?,
        }
    }
    // The worker sends the connection back, then its thread ends.
    let mut workers = threads_named("slow-request");
    for _ in 0..20 {
        if workers.is_none_or(|w| w == 0) {
            break;
        }
        thread::sleep(Duration::from_millis(10));
        workers = threads_named("slow-request");
    }
    writeln!(
        out,
        "Then A, on the same connection: GET /hello -> {after}   (threads named slow-request: {})",
        count(workers)
    )?;
    server.shutdown()?;
    writeln!(
        out,
        "\nWhat to notice: the stream's lines wait 150 ms each, on a worker thread (slow-request),"
    )?;
    writeln!(
        out,
        "so B is answered at once meanwhile. When the stream ends, the worker hands the connection"
    )?;
    writeln!(
        out,
        "back to the loop, which answers A's next request: kept alive, the same socket."
    )?;

    step(
        out,
        &format!(
            "3. NAIVE: a handler that sleeps {} ms, on each driver",
            NAP.as_millis()
        ),
    )?;
    writeln!(
        out,
        "GET /nap sleeps, written like any handler. {NAPPERS} clients connect first; one asks for /nap,"
    )?;
    writeln!(
        out,
        "and while it naps the {NAPPERS} ask for /hello at once."
    )?;
    for (io, label) in [
        (Io::Threads, "--io threads".to_string()),
        (Io::Events, format!("--io events ({loops} loop(s))")),
    ] {
        let times = nap_race(io)?;
        let (waited, quick): (Vec<Duration>, Vec<Duration>) =
            times.iter().partition(|t| **t >= NAP / 2);
        let most = |ts: &[Duration]| ts.iter().max().map_or("-".into(), |t| ms(*t));
        let waited_text = match waited.len() {
            0 => format!("0 of {NAPPERS} waited for the nap; all {}", quick.len()),
            w => format!(
                "{w} of {NAPPERS} waited for the nap (up to {}); the other {}",
                most(&waited),
                quick.len()
            ),
        };
        writeln!(
            out,
            "{label}: {waited_text} answered in {} at most",
            most(&quick)
        )?;
    }
    writeln!(
        out,
        "\nWhat to notice: with a thread each, the nap holds up only its own connection. On a loop"
    )?;
    writeln!(
        out,
        "it holds up every connection of that loop (the others, on another core's loop, are fine):"
    )?;
    writeln!(
        out,
        "a handler on the loop must never wait. socket_api lends a thread to what does (uploads,"
    )?;
    writeln!(
        out,
        "streams); the others run on the loop, in microseconds."
    )?;
    Ok(())
}
