//! Chapter 11, `shutdown`: Ctrl-C with a request in flight.
//!
//! A client has sent a head and is still sending the body when the server
//! is told to stop. A NAIVE server that just exits drops the connection:
//! the client gets an empty reply. Both real servers stop taking new
//! connections, finish the request in flight, answer it with
//! `Connection: close`, and only then return. The `Expect: 100-continue`
//! in the request is the demo's ready signal: once `100 Continue` has come
//! back, the server has surely read the head, so the stop lands mid-request.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use super::{DemoResult, OneShot, WAIT, any_port, connect, read_head, step};

pub const ABOUT: &str =
    "Ctrl-C with a request in flight: dropped by a naive server, finished by both servers";

const HEAD: &[u8] = b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n";
const BODY: &[u8] = b"name=knsock";

pub fn run(out: &mut dyn Write) -> DemoResult {
    step(out, "1. NAIVE: exit at once on Ctrl-C")?;
    let (stop, stopped) = mpsc::channel::<()>();
    let naive = OneShot::start(move |mut stream: TcpStream| {
        let _ = read_head(&mut stream);
        let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        // Wrong on purpose: on the signal, drop everything and go.
        let _ = stopped.recv();
    })?;
    let mut conn = connect(naive.addr)?;
    conn.write_all(HEAD)?;
    let _ = conn.answer_interim(WAIT);
    stop.send(())?;
    naive.join();
    let _ = conn.write_all(BODY);
    writeln!(
        out,
        "Ctrl-C while the body is on its way. The client then reads: {}",
        conn.answer("POST", WAIT).describe()
    )?;
    writeln!(
        out,
        "curl says \"Empty reply from server\"; the request may or may not have been acted on."
    )?;

    step(
        out,
        "2. socket_api: stop taking connections, finish the one in flight",
    )?;
    let listener = TcpListener::bind(any_port())?;
    let addr = listener.local_addr()?;
    let shutdown = socket_api::Shutdown::new();
    let stop = shutdown.clone();
    let server =
        std::thread::spawn(move || socket_api::run(listener, socket_api::Config::default(), stop));
    let mut conn = connect(addr)?;
    conn.write_all(HEAD)?;
    let interim = conn.answer_interim(WAIT);
    writeln!(out, "client: head sent, server says {interim}")?;
    // What main's Ctrl-C handler does.
    shutdown.trigger();
    writeln!(
        out,
        "Ctrl-C (Shutdown::trigger). A new connection now: {}",
        match TcpStream::connect(addr) {
            Ok(_) => "accepted by the kernel's backlog, never served".to_string(),
            Err(e) => e.to_string(),
        }
    )?;
    conn.write_all(BODY)?;
    let reply = conn.answer("POST", WAIT).reply()?;
    writeln!(
        out,
        "the request in flight: {}, Connection: {}",
        reply.status_line(),
        reply.head.headers.get("Connection").unwrap_or("-")
    )?;
    let stopped = server.join().map_err(|_| "the server thread panicked")?;
    writeln!(
        out,
        "socket_api::run returned: {:?}",
        stopped.map(|()| "stopped")
    )?;

    step(out, "3. framework_api: axum's with_graceful_shutdown")?;
    let framework = framework_api::Running::start(any_port())?;
    let addr = framework.addr();
    let mut conn = connect(addr)?;
    conn.write_all(HEAD)?;
    // hyper sends 100 Continue only once the handler starts reading the body.
    let interim = conn.answer_interim(Duration::from_millis(200));
    writeln!(out, "client: head sent, server says {interim}")?;
    let stopping = std::thread::spawn(move || framework.shutdown());
    // Give the stop signal a moment to land; the point is only that it comes mid-request.
    std::thread::sleep(Duration::from_millis(100));
    writeln!(
        out,
        "Ctrl-C. A new connection now: {}",
        match TcpStream::connect(addr) {
            Ok(_) => "accepted by the kernel's backlog, never served".to_string(),
            Err(e) => e.to_string(),
        }
    )?;
    conn.write_all(BODY)?;
    let reply = conn.answer("POST", WAIT).reply()?;
    writeln!(
        out,
        "the request in flight: {}, Connection: {}",
        reply.status_line(),
        reply.head.headers.get("Connection").unwrap_or("-")
    )?;
    drop(conn);
    let stopped = stopping
        .join()
        .map_err(|_| "the stopping thread panicked")?;
    writeln!(
        out,
        "Running::shutdown returned: {:?}",
        stopped.map(|()| "stopped")
    )?;
    writeln!(
        out,
        "Shutdown is an argument (socket_api::Shutdown, a future for axum), not a global:"
    )?;
    writeln!(
        out,
        "main's Ctrl-C handler triggers it; a test or this demo can too."
    )?;
    Ok(())
}
