//! Chapter 17, `streams`: a body sent as it is made.
//!
//! `/stream?n=3&delay_ms=200` on both servers, each read stamped with the
//! time it arrived: the first chunk is in the client's hands some 400 ms
//! before the server makes the last line. The same request in HTTP/1.0
//! gets the lines with no chunks at all, and the connection's close ends
//! the body. `/events` sends Server-Sent Events, and a client that comes
//! back with `Last-Event-ID` gets only what it missed. Then the question
//! "why does my stream arrive all at once?": a NAIVE server writes each
//! chunk into a buffered writer and never flushes it.

use std::io::{BufWriter, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use wire::show::visible;
use wire::{ResponseEvent, ResponseReader};

use crate::tour::indent;

use super::{
    DemoResult, OneShot, Servers, WAIT, ask, connect, get, ms, read_head, show, step,
    wait_for_close,
};

pub const ABOUT: &str =
    "a chunked stream with arrival times, HTTP/1.0 until close, SSE with Last-Event-ID";

/// One read from the socket: when, and what it brought.
#[derive(Debug)]
struct Arrival {
    at: Duration,
    bytes: Vec<u8>,
}

/// What a streamed answer looked like from the client's side.
#[derive(Debug)]
struct Timed {
    head: Vec<u8>,
    /// The body's reads (head bytes taken off), framing included.
    reads: Vec<Arrival>,
    /// When each piece of decoded body arrived, and the piece.
    data: Vec<(Duration, Vec<u8>)>,
    /// Did the server close the connection to end the body?
    closed: bool,
}

/// Sends `request` and reads the answer by its framing, stamping each read
/// with the time since the request left. At most two seconds in all.
fn read_timed(addr: SocketAddr, request: &str) -> Result<Timed, Box<dyn std::error::Error>> {
    let mut conn = connect(addr)?;
    conn.write_all(request.as_bytes())?;
    let started = Instant::now();
    conn.stream
        .set_deadline(Some(started + Duration::from_secs(2)))?;
    let mut reader = ResponseReader::new("GET");
    let (mut buf, mut eof) = (Vec::new(), false);
    let mut timed = Timed {
        head: Vec::new(),
        reads: Vec::new(),
        data: Vec::new(),
        closed: false,
    };
    let mut raw = Vec::new();
    loop {
        match reader.next_event(&mut buf, eof)? {
            ResponseEvent::NeedMore => {
                let mut chunk = [0u8; 4096];
                let n = match conn.stream.read(&mut chunk) {
                    Ok(n) => n,
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                        return Err("the stream stalled for two seconds".into());
                    }
                    Err(e) => return Err(e.into()),
                };
                eof = n == 0;
                timed.closed |= eof;
                buf.extend_from_slice(&chunk[..n]);
                raw.push(Arrival {
                    at: started.elapsed(),
                    bytes: chunk[..n].to_vec(),
                });
            }
            ResponseEvent::Interim(_) => {}
            ResponseEvent::Head(_) => {}
            ResponseEvent::Data(data) => timed.data.push((started.elapsed(), data.to_vec())),
            ResponseEvent::End => break,
        }
    }
    // Split the head off the first reads, so the body's reads show alone.
    let all: Vec<u8> = raw.iter().flat_map(|a| a.bytes.clone()).collect();
    let head_len = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(0, |end| end + 4);
    timed.head = all[..head_len].to_vec();
    let mut skip = head_len;
    for mut arrival in raw {
        let cut = skip.min(arrival.bytes.len());
        skip -= cut;
        arrival.bytes.drain(..cut);
        if !arrival.bytes.is_empty() {
            timed.reads.push(arrival);
        }
    }
    Ok(timed)
}

/// `+201.3 ms  C\r\nline 2 of 3\n\r\n` for each read.
fn show_reads(out: &mut dyn Write, timed: &Timed) -> std::io::Result<()> {
    for read in &timed.reads {
        writeln!(
            out,
            "    {:>9}  {}",
            format!("+{}", ms(read.at)),
            visible(&read.bytes).replace('\n', "")
        )?;
    }
    Ok(())
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    let servers = Servers::start(socket_api::Config::default())?;
    for (name, addr) in servers.each() {
        step(
            out,
            &format!("{name}: GET /stream?n=3&delay_ms=200 HTTP/1.1"),
        )?;
        let timed = read_timed(
            addr,
            "GET /stream?n=3&delay_ms=200 HTTP/1.1\r\nHost: x\r\n\r\n",
        )?;
        writeln!(out, "{}", indent(&visible(&timed.head)))?;
        writeln!(out, "  each read, with the time since the request left:")?;
        show_reads(out, &timed)?;
        if let (Some((first, _)), Some((last, _))) = (timed.data.first(), timed.data.last()) {
            writeln!(
                out,
                "line 1 arrived at +{}, {} before line 3 (made 400 ms after line 1): sent as made.",
                ms(*first),
                ms(last.saturating_sub(*first))
            )?;
        }

        let http10 = read_timed(addr, "GET /stream?n=3&delay_ms=50 HTTP/1.0\r\n\r\n")?;
        writeln!(out, "\nThe same in HTTP/1.0 (delay_ms=50):")?;
        writeln!(out, "{}", indent(&visible(&http10.head)))?;
        show_reads(out, &http10)?;
        writeln!(
            out,
            "no Transfer-Encoding, no Content-Length: the body ended when the server closed: {}",
            http10.closed
        )?;

        step(out, &format!("{name}: GET /events?count=3&interval_ms=0"))?;
        let events = get(addr, "/events?count=3&interval_ms=0", "")?;
        writeln!(
            out,
            "    {}: {}",
            events.status_line(),
            events.head.headers.get("Content-Type").unwrap_or("-")
        )?;
        writeln!(out, "{}", indent(&visible(&events.body)))?;
        let request =
            b"GET /events?count=3&interval_ms=0 HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 2\r\n\r\n";
        show(out, "reconnecting with the last id it saw", request)?;
        let again = ask(addr, request, WAIT)?.reply()?;
        writeln!(out, "it gets only what it missed:")?;
        writeln!(out, "{}", indent(&visible(&again.body)))?;
    }
    servers.stop()?;

    step(
        out,
        "NAIVE server: chunks written into a BufWriter that is never flushed",
    )?;
    let naive = OneShot::start(naive_stream)?;
    let timed = read_timed(
        naive.addr,
        "GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )?;
    naive.join();
    show_reads(out, &timed)?;
    let times: Vec<String> = timed.data.iter().map(|(at, _)| ms(*at)).collect();
    writeln!(
        out,
        "every line arrived at once, after the last was made: {}",
        times.join(", ")
    )?;
    writeln!(
        out,
        "The chunks were right; they sat in the writer's 8 KiB buffer until it was dropped."
    )?;
    writeln!(
        out,
        "A streaming server writes (and flushes) each chunk as it is made, as both servers do."
    )?;
    Ok(())
}

/// Wrong on purpose: three chunks, 100 ms apart, into a buffered writer
/// that is flushed only when dropped at the end.
fn naive_stream(mut stream: TcpStream) {
    let _ = read_head(&mut stream);
    let Ok(socket) = stream.try_clone() else {
        return;
    };
    {
        let mut writer = BufWriter::new(socket);
        let _ = writer.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        );
        for i in 1..=3 {
            if i > 1 {
                std::thread::sleep(Duration::from_millis(100));
            }
            let line = format!("line {i} of 3\n");
            let _ = write!(writer, "{:X}\r\n{line}\r\n", line.len());
        }
        let _ = writer.write_all(b"0\r\n\r\n");
    }
    wait_for_close(&mut stream);
}
