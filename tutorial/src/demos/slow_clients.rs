//! Chapter 9, `slow-clients`: threads, a pool, and async, measured.
//!
//! Four clients connect and send half a head, then stall. A fifth sends a
//! whole request. A NAIVE pool of four worker threads has all four stuck
//! reading the stalled heads, and the fifth waits until it gives up.
//! `socket_api` (a thread per connection) and `framework_api` (tokio tasks
//! on one thread) answer it in a millisecond. Then the other half of the
//! lesson: `socket_api`'s header timeout ends a stalled head with `408`,
//! so slow clients cannot hold threads forever either.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Answer, Conn, DemoResult, Servers, WAIT, any_port, connect, ms, read_head, step};

pub const ABOUT: &str =
    "4 stalled clients against a pool of 4, a thread each, and tokio; 408 on a stalled head";

const SLOW: usize = 4;
const STALLED: &[u8] = b"GET /hello HTTP/1.1\r\nHo";

/// A NAIVE server: a pool of `SLOW` worker threads, each reading a whole
/// head with no time limit (only a safety net for the demo) before it answers.
fn pool_server() -> std::io::Result<(SocketAddr, Vec<JoinHandle<()>>)> {
    let listener = TcpListener::bind(any_port())?;
    let addr = listener.local_addr()?;
    let (sender, receiver) = mpsc::channel::<TcpStream>();
    let receiver = Arc::new(Mutex::new(receiver));
    let mut threads = Vec::new();
    for n in 0..SLOW {
        let receiver = Arc::clone(&receiver);
        threads.push(std::thread::Builder::new().name(format!("pool worker {n}")).spawn(move || loop {
            let next = match receiver.lock() {
                Ok(queue) => queue.recv(),
                Err(_) => return,
            };
            let Ok(mut stream) = next else { return };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(3)));
            let (head, _) = read_head(&mut stream);
            if !head.is_empty() {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nHello");
            }
        })?);
    }
    // Takes the four slow connections and the fast one, then stops.
    threads.push(
        std::thread::Builder::new()
            .name("pool acceptor".into())
            .spawn(move || {
                for _ in 0..=SLOW {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            if sender.send(stream).is_err() {
                                return;
                            }
                        }
                        Err(_) => return,
                    }
                }
            })?,
    );
    Ok((addr, threads))
}

/// Stalls `SLOW` clients on `addr`, then times a whole request from a fifth.
fn race(addr: SocketAddr) -> Result<(Vec<Conn>, Answer, Duration), Box<dyn std::error::Error>> {
    let mut slow = Vec::new();
    for _ in 0..SLOW {
        let mut conn = connect(addr)?;
        conn.write_all(STALLED)?;
        slow.push(conn);
    }
    let started = Instant::now();
    let mut fast = connect(addr)?;
    fast.write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")?;
    let answer = fast.answer("GET", WAIT);
    Ok((slow, answer, started.elapsed()))
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    step(
        out,
        &format!("1. {SLOW} clients stall mid-head; a fifth sends a whole request"),
    )?;
    let (addr, threads) = pool_server()?;
    let (slow, answer, took) = race(addr)?;
    writeln!(
        out,
        "NAIVE pool of {SLOW} threads:     the fifth client: {} (after {})",
        answer.describe(),
        ms(took)
    )?;
    // The stalled clients leave; the workers' reads end, and so does the pool.
    drop(slow);
    for thread in threads {
        let _ = thread.join();
    }
    let servers = Servers::start(socket_api::Config {
        header_timeout: Duration::from_millis(300),
        ..Default::default()
    })?;
    let mut kept = Vec::new();
    for (name, addr) in servers.each() {
        let label = if name == socket_api::SERVER_NAME {
            "a thread per connection"
        } else {
            "tokio tasks, one thread"
        };
        let (slow, answer, took) = race(addr)?;
        writeln!(
            out,
            "{name} ({label}): the fifth client: {} in {}",
            answer.describe(),
            ms(took)
        )?;
        kept.push((name, slow));
    }
    writeln!(
        out,
        "A pool caps threads, but four slow clients hold all four. A thread each costs a stack"
    )?;
    writeln!(
        out,
        "per connection (socket_api caps them at --max-connections); tokio parks a waiting"
    )?;
    writeln!(
        out,
        "connection as a small task and serves the others on the same thread."
    )?;

    step(out, "2. A deadline for the head: 408")?;
    for (name, mut slow) in kept {
        if name != socket_api::SERVER_NAME {
            writeln!(
                out,
                "{name}: axum::serve has no header timeout; the stalled clients keep their connections"
            )?;
            writeln!(
                out,
                "until they leave (see `cargo run -p tutorial -- differences`)."
            )?;
            continue;
        }
        let started = Instant::now();
        let answer = slow[0].answer("GET", Duration::from_secs(2));
        writeln!(
            out,
            "{name} with --header-timeout 0.3: a stalled client gets {} after {}, and the connection closes",
            answer.describe(),
            ms(started.elapsed())
        )?;
    }
    servers.stop()
}
