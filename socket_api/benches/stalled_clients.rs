//! How much do stalled clients cost everyone else?
//!
//! For 0, 100, 500 and 1000 connections that sent half a request and
//! stopped, this measures the latency of 500 fresh requests from a new
//! client (connect, `GET /hello`, read the answer), and the memory and
//! threads of the process. The server and the clients share one process,
//! so the figures are the server's plus a little client bookkeeping.
//!
//! Run it with `cargo bench -p socket_api`. It needs about 3,100 file
//! descriptors (each stalled client is one here and two in the server):
//! `ulimit -n 4096` first if `ulimit -n` says less.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use socket_api::{Config, Running};

const REQUESTS: usize = 500;

fn main() {
    println!("| stalled connections | p50 | p99 | max | process RSS | threads |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for stalled in [0, 100, 500, 1000] {
        let config = Config {
            header_timeout: Duration::from_secs(120),
            max_connections: 2048,
            ..Config::default()
        };
        let server = Running::start("127.0.0.1:0".parse().unwrap(), config).unwrap();
        let addr = server.addr();
        let mut held = Vec::with_capacity(stalled);
        for _ in 0..stalled {
            let stream = TcpStream::connect(addr)
                .and_then(|mut s| s.write_all(b"GET /hello HTTP/1.1\r\nHo").map(|()| s));
            match stream {
                Ok(stream) => held.push(stream),
                Err(e) => {
                    eprintln!(
                        "stalled_clients: cannot open connection {}: {e} (raise `ulimit -n`)",
                        held.len() + 1
                    );
                    std::process::exit(1);
                }
            }
        }
        // Let the server take every stalled connection off its accept queue.
        one_request(addr);
        let mut latencies: Vec<Duration> = (0..REQUESTS).map(|_| one_request(addr)).collect();
        latencies.sort();
        let (rss, threads) = process_status();
        println!(
            "| {stalled} | {} | {} | {} | {} MiB | {threads} |",
            ms(latencies[REQUESTS / 2]),
            ms(latencies[REQUESTS * 99 / 100]),
            ms(latencies[REQUESTS - 1]),
            rss / 1024
        );
        drop(held);
        server.shutdown().unwrap();
    }
}

/// One new connection, one request, the whole answer: how long it took.
fn one_request(addr: SocketAddr) -> Duration {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    assert!(answer.ends_with(b"Hello"));
    started.elapsed()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// (VmRSS in KiB, Threads) from /proc/self/status; zeros where there is no /proc.
fn process_status() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("Threads:"))
}
