//! Chapter 1, `stream`: TCP carries bytes, not messages.
//!
//! A client writes its request in two pieces. A NAIVE server that calls
//! `read` once gets the first piece only, and answers a request it never
//! saw whole; both real servers keep reading until the head's empty line.
//! Then "Address already in use": binding a port another listener holds,
//! and why a server restarted at once can still bind its port (`TIME_WAIT`
//! and `SO_REUSEADDR`).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::sleep;
use std::time::Duration;

use socket2::{Domain, Socket, Type};

use super::{DemoResult, OneShot, Servers, WAIT, connect, show_reply, step};

pub const ABOUT: &str = "one read is not one message; \"Address already in use\"";

const FIRST: &[u8] = b"GET /hel";
const SECOND: &[u8] = b"lo HTTP/1.1\r\nHost: x\r\n\r\n";

pub fn run(out: &mut dyn Write) -> DemoResult {
    step(out, "1. NAIVE: one read() taken for one request")?;
    writeln!(
        out,
        "The client writes {:?}, and only after the server has answered, {:?}.",
        String::from_utf8_lossy(FIRST),
        String::from_utf8_lossy(SECOND)
    )?;
    let naive = OneShot::start(|mut stream: TcpStream| {
        // Wrong on purpose: one read, whatever it returns, is "the request".
        let mut buf = [0u8; 1024];
        let n = stream.read(&mut buf).unwrap_or(0);
        let got = String::from_utf8_lossy(&buf[..n]).into_owned();
        let body = format!("one read() gave me {n} bytes: {got:?}\n");
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(reply.as_bytes());
    })?;
    let mut stream = connect(naive.addr)?;
    stream.write_all(FIRST)?;
    let answer = stream.answer("GET", WAIT).reply()?;
    writeln!(
        out,
        "NAIVE server answered: {}",
        String::from_utf8_lossy(&answer.body).trim_end()
    )?;
    // Too late: the rest of the request goes to a connection already answered.
    let _ = stream.write_all(SECOND);
    naive.join();
    writeln!(
        out,
        "It answered half a request. TCP kept the bytes in order but not the writes apart:"
    )?;
    writeln!(
        out,
        "a read returns what has arrived so far, from one byte to the whole buffer."
    )?;

    step(
        out,
        "2. The fix: read until the head's empty line (\\r\\n\\r\\n)",
    )?;
    let servers = Servers::start(socket_api::Config::default())?;
    for (name, addr) in servers.each() {
        let mut stream = connect(addr)?;
        stream.write_all(FIRST)?;
        // A pause so the first piece surely arrives alone; not needed for correctness.
        sleep(Duration::from_millis(50));
        stream.write_all(SECOND)?;
        let reply = stream.answer("GET", WAIT).reply()?;
        writeln!(
            out,
            "\n{name}: two writes, one request, answered {}",
            reply.status_line()
        )?;
        show_reply(out, &format!("{name} answers"), &reply)?;
    }

    step(out, "3. \"Address already in use\"")?;
    let taken = servers.socket.addr();
    match TcpListener::bind(taken) {
        Ok(_) => writeln!(
            out,
            "binding {taken} again worked: this system shares ports"
        )?,
        Err(e) => {
            writeln!(out, "bind({taken}) while socket_api listens there: {e}")?;
            writeln!(
                out,
                "Only one listener per address and port. The fix: stop the other server,"
            )?;
            writeln!(
                out,
                "or choose another port (--addr 127.0.0.1:8090), or bind port 0 and print the one the system picked."
            )?;
        }
    }
    // Make a TIME_WAIT: the side that closes first keeps the connection's
    // addresses reserved for a while (60 s on Linux), so a late packet of
    // the old connection cannot be taken for part of a new one.
    let mut stream = connect(taken)?;
    stream.write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
    let _ = stream.answer("GET", WAIT);
    let mut rest = Vec::new();
    let _ = stream.stream.read_to_end(&mut rest); // the server closed first
    servers.stop()?;
    writeln!(
        out,
        "\nsocket_api answered with Connection: close and closed first, so its end of that"
    )?;
    writeln!(
        out,
        "connection is in TIME_WAIT on port {}. The server has now stopped. Binding again:",
        taken.port()
    )?;
    let plain = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    match plain.bind(&taken.into()) {
        Ok(()) => writeln!(
            out,
            "  without SO_REUSEADDR: bound (this system does not hold the port in TIME_WAIT)"
        )?,
        Err(e) => writeln!(out, "  without SO_REUSEADDR: {e}")?,
    }
    drop(plain);
    match TcpListener::bind(taken) {
        Ok(_) => writeln!(
            out,
            "  with Rust's TcpListener::bind, which sets SO_REUSEADDR on Unix: bound"
        )?,
        Err(e) => writeln!(out, "  with Rust's TcpListener::bind: {e}")?,
    }
    writeln!(
        out,
        "SO_REUSEADDR lets a new listener take a port whose old connections are in TIME_WAIT;"
    )?;
    writeln!(
        out,
        "it never lets two listeners share a live port. That is why a restarted server binds at once."
    )?;
    Ok(())
}
