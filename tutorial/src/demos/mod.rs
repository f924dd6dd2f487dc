//! The book's demos: one per chapter, `cargo run -p tutorial -- <demo>`.
//!
//! Each demo starts the servers it needs on `127.0.0.1:0`, sends them real
//! bytes, prints what went each way with `\r\n` made visible, and stops
//! them again, all within a few seconds. Where a chapter answers one of the
//! questions learners ask most ("my server hangs", "connection reset"...),
//! its demo first shows the failure, often with a tiny server written wrong
//! on purpose and labelled NAIVE, then the fix.
//!
//! This file holds what the demos share: the list of demos, both servers
//! started together, reading an answer by its framing with a time limit,
//! and the printing. Each demo is its own module, named as its subcommand.

pub mod body;
pub mod chunked;
pub mod client;
pub mod compression;
pub mod content_length;
pub mod differences;
pub mod event_loop;
pub mod files;
pub mod forms;
pub mod head;
pub mod https;
pub mod keep_alive;
pub mod routes;
pub mod routing;
pub mod shutdown;
pub mod slow_clients;
pub mod smuggling;
pub mod stream;
pub mod streams;
pub mod tls;
pub mod uploads;

use std::error::Error;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use raw_client::transport::Stream;
use wire::show::visible;
use wire::trace::Piece;
use wire::{ResponseEvent, ResponseHead, ResponseReader};

use crate::tour::indent;

/// What a demo returns: its output went to the writer it was given.
pub type DemoResult = Result<(), Box<dyn Error>>;

/// One demo: its subcommand, its chapter, and what it shows.
#[derive(Debug, Clone, Copy)]
pub struct Demo {
    /// The subcommand: `cargo run -p tutorial -- <name>`.
    pub name: &'static str,
    /// The chapter's file in `tutorial/book/src/`.
    pub chapter: &'static str,
    /// What it shows, in one line.
    pub about: &'static str,
    pub run: fn(&mut dyn Write) -> DemoResult,
}

/// Every demo, in the book's order.
#[rustfmt::skip]
pub const DEMOS: &[Demo] = &[
    Demo { name: "stream", chapter: "01-tcp-stream.md", about: stream::ABOUT, run: stream::run },
    Demo { name: "head", chapter: "02-request-head.md", about: head::ABOUT, run: head::run },
    Demo { name: "content-length", chapter: "03-response.md", about: content_length::ABOUT, run: content_length::run },
    Demo { name: "routing", chapter: "04-routing.md", about: routing::ABOUT, run: routing::run },
    Demo { name: "forms", chapter: "05-forms.md", about: forms::ABOUT, run: forms::run },
    Demo { name: "body", chapter: "06-body-end.md", about: body::ABOUT, run: body::run },
    Demo { name: "chunked", chapter: "07-chunked.md", about: chunked::ABOUT, run: chunked::run },
    Demo { name: "keep-alive", chapter: "08-keep-alive.md", about: keep_alive::ABOUT, run: keep_alive::run },
    Demo { name: "slow-clients", chapter: "09-concurrency.md", about: slow_clients::ABOUT, run: slow_clients::run },
    Demo { name: "smuggling", chapter: "10-smuggling.md", about: smuggling::ABOUT, run: smuggling::run },
    Demo { name: "shutdown", chapter: "11-shutdown.md", about: shutdown::ABOUT, run: shutdown::run },
    Demo { name: "client", chapter: "12-clients.md", about: client::ABOUT, run: client::run },
    Demo { name: "tls", chapter: "13-https.md", about: tls::ABOUT, run: tls::run },
    Demo { name: "differences", chapter: "14-framework.md", about: differences::ABOUT, run: differences::run },
    Demo { name: "files", chapter: "15-files.md", about: files::ABOUT, run: files::run },
    Demo { name: "uploads", chapter: "16-uploads.md", about: uploads::ABOUT, run: uploads::run },
    Demo { name: "streams", chapter: "17-streams.md", about: streams::ABOUT, run: streams::run },
    Demo { name: "compression", chapter: "18-compression.md", about: compression::ABOUT, run: compression::run },
    Demo { name: "routes", chapter: "19-more-routes.md", about: routes::ABOUT, run: routes::run },
    Demo { name: "https", chapter: "20-https-server.md", about: https::ABOUT, run: https::run },
    Demo { name: "event-loop", chapter: "21-event-loop.md", about: event_loop::ABOUT, run: event_loop::run },
];

/// Runs the demo called `name`, printing to `out`.
pub fn run(name: &str, out: &mut dyn Write) -> DemoResult {
    let demo = DEMOS
        .iter()
        .find(|d| d.name == name)
        .ok_or_else(|| format!("no demo called {name:?}"))?;
    writeln!(
        out,
        "HTTP by hand, chapter {}: {}",
        demo.chapter, demo.about
    )?;
    (demo.run)(out)
}

/// How long a demo's client waits for an answer before it says "no answer"
/// and moves on. Every server here answers in a millisecond or two; the
/// wait only matters where a demo shows a hang, and cuts it short.
pub const WAIT: Duration = Duration::from_millis(500);

/// Both servers on free ports, for one demo.
#[derive(Debug)]
pub struct Servers {
    pub socket: socket_api::Running,
    pub framework: framework_api::Running,
}

impl Servers {
    /// `socket_api` with `config`, and `framework_api` with its defaults.
    pub fn start(config: socket_api::Config) -> Result<Servers, Box<dyn Error>> {
        let any = any_port();
        Ok(Servers {
            socket: socket_api::Running::start(any, config)?,
            framework: framework_api::Running::start(any)?,
        })
    }

    /// Both servers with settings of their own: a `--dir`, an `--upload-dir`.
    pub fn start_with(
        socket: socket_api::Config,
        framework: framework_api::Config,
    ) -> Result<Servers, Box<dyn Error>> {
        let any = any_port();
        Ok(Servers {
            socket: socket_api::Running::start(any, socket)?,
            framework: framework_api::Running::start_with(any, framework)?,
        })
    }

    /// Each server's name and address, `socket_api` first.
    pub fn each(&self) -> [(&'static str, SocketAddr); 2] {
        [
            (socket_api::SERVER_NAME, self.socket.addr()),
            (framework_api::SERVER_NAME, self.framework.addr()),
        ]
    }

    /// Stops both, as Ctrl-C would.
    pub fn stop(self) -> DemoResult {
        self.socket.shutdown()?;
        self.framework.shutdown()?;
        Ok(())
    }
}

/// `127.0.0.1:0`: the system picks a free port.
pub fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// One response as a client read it: the pieces as `--trace` labels them
/// (their bytes, put together, are exactly what arrived), and what they mean.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The final head, parsed.
    pub head: ResponseHead,
    pub pieces: Vec<(Piece, Vec<u8>)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
    /// May the connection carry another request?
    pub keep_alive: bool,
}

impl Reply {
    /// Every byte received, in order.
    pub fn bytes(&self) -> Vec<u8> {
        self.pieces.iter().flat_map(|(_, b)| b.clone()).collect()
    }

    /// `200 OK`.
    pub fn status_line(&self) -> String {
        format!("{} {}", self.head.status, self.head.reason)
    }
}

/// What came back from a server.
#[derive(Debug)]
pub enum Answer {
    /// A whole response, read by its framing.
    Reply(Reply),
    /// The server closed the connection without sending a byte.
    Closed,
    /// Nothing (or not all) came within the wait.
    Silent(Duration),
    /// The connection failed, e.g. it was reset; the text says how.
    Failed(String),
}

impl Answer {
    /// The reply, or an error saying what came instead.
    pub fn reply(self) -> Result<Reply, Box<dyn Error>> {
        match self {
            Answer::Reply(reply) => Ok(reply),
            other => Err(format!("expected an answer, got {}", other.describe()).into()),
        }
    }

    /// One line for the output.
    pub fn describe(&self) -> String {
        match self {
            Answer::Reply(r) => r.status_line(),
            Answer::Closed => {
                "the server closed the connection without a byte (an empty reply)".into()
            }
            Answer::Silent(wait) => format!(
                "no answer within {} ms: the client gave up waiting",
                wait.as_millis()
            ),
            Answer::Failed(why) => format!("the connection failed: {why}"),
        }
    }
}

/// A client's connection in a demo: the socket, and the bytes read from it
/// that the last response did not use. They are the start of the next
/// response, so a pipelined answer that arrived with the previous one is
/// kept, not lost. (The raw clients' `read_response` keeps no such bytes:
/// they never pipeline.)
#[derive(Debug)]
pub struct Conn {
    pub stream: Stream,
    buf: Vec<u8>,
}

/// Connects to `addr`, Nagle off so each small write leaves at once.
pub fn connect(addr: SocketAddr) -> std::io::Result<Conn> {
    let tcp = TcpStream::connect(addr)?;
    tcp.set_nodelay(true)?;
    Ok(Conn {
        stream: Stream::Plain(tcp),
        buf: Vec::new(),
    })
}

impl Conn {
    /// A connection already made, such as a TLS one.
    pub fn from_stream(stream: Stream) -> Conn {
        Conn {
            stream,
            buf: Vec::new(),
        }
    }

    /// The client's own address: its port tells connections apart.
    pub fn local_addr(&self) -> String {
        match &self.stream {
            Stream::Plain(tcp) => tcp.local_addr(),
            Stream::Tls(tls) => tls.sock.local_addr(),
        }
        .map_or("?".into(), |a| a.to_string())
    }

    /// Reads one response to a `method` request by its framing, with
    /// `wire`'s [`ResponseReader`], waiting at most `wait` in all.
    pub fn answer(&mut self, method: &str, wait: Duration) -> Answer {
        let deadline = Instant::now() + wait;
        let mut reader = ResponseReader::new(method);
        reader.set_trace(true);
        let (mut pieces, mut body, mut head, mut eof) = (Vec::new(), Vec::new(), None, false);
        let mut received = !self.buf.is_empty();
        loop {
            let event = reader.next_event(&mut self.buf, eof);
            pieces.extend(reader.take_trace());
            match event {
                Ok(ResponseEvent::NeedMore) => {
                    if self.stream.set_deadline(Some(deadline)).is_err() {
                        return Answer::Silent(wait);
                    }
                    let mut chunk = [0u8; 16 * 1024];
                    match self.stream.read(&mut chunk) {
                        Ok(n) => {
                            eof = n == 0;
                            received |= n > 0;
                            self.buf.extend_from_slice(&chunk[..n]);
                        }
                        Err(e)
                            if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                        {
                            return Answer::Silent(wait);
                        }
                        Err(e) => return Answer::Failed(e.to_string()),
                    }
                }
                Ok(ResponseEvent::Interim(_)) => {}
                Ok(ResponseEvent::Head(h)) => head = Some(h),
                Ok(ResponseEvent::Data(data)) => body.extend_from_slice(&data),
                Ok(ResponseEvent::End) => {
                    return match head {
                        Some(head) => Answer::Reply(Reply {
                            head,
                            pieces,
                            body,
                            keep_alive: reader.keep_alive(),
                        }),
                        None => Answer::Closed,
                    };
                }
                Err(wire::Error::UnexpectedEof) if !received => return Answer::Closed,
                Err(e) => return Answer::Failed(e.to_string()),
            }
        }
    }

    /// Reads an interim response such as `100 Continue`, head only, and
    /// says what came: its status line, or why there was none.
    pub fn answer_interim(&mut self, wait: Duration) -> String {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head: Vec<u8> = self.buf.drain(..end + 4).collect();
                let line = head.split(|&b| b == b'\r').next().unwrap_or_default();
                return String::from_utf8_lossy(line).into_owned();
            }
            if self.stream.set_deadline(Some(deadline)).is_err() {
                return format!("nothing within {} ms", wait.as_millis());
            }
            let mut chunk = [0u8; 1024];
            match self.stream.read(&mut chunk) {
                Ok(0) => return "nothing: the server closed".into(),
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return format!("nothing within {} ms", wait.as_millis());
                }
                Err(e) => return e.to_string(),
            }
        }
    }

    /// Has the server closed the connection? Waits up to `wait` for a read to say so.
    pub fn closed_by_server(&mut self, wait: Duration) -> bool {
        if self
            .stream
            .set_deadline(Some(Instant::now() + wait))
            .is_err()
        {
            return false;
        }
        let mut byte = [0u8; 1];
        match self.stream.read(&mut byte) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.stream.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.stream.flush()
    }
}

/// A new connection to `addr`, `request` written whole, one answer read.
pub fn ask(addr: SocketAddr, request: &[u8], wait: Duration) -> Result<Answer, Box<dyn Error>> {
    let mut conn = connect(addr)?;
    conn.write_all(request)?;
    Ok(conn.answer(method_of(request), wait))
}

/// The method of a request: its bytes up to the first space.
pub fn method_of(request: &[u8]) -> &str {
    let end = request.iter().position(|&b| b == b' ').unwrap_or(0);
    std::str::from_utf8(&request[..end]).unwrap_or("GET")
}

/// `GET target` over a new connection, with `headers` (each ending in
/// `\r\n`) after `Host`; the answer read by its framing.
pub fn get(addr: SocketAddr, target: &str, headers: &str) -> Result<Reply, Box<dyn Error>> {
    let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\n{headers}\r\n");
    ask(addr, request.as_bytes(), WAIT)?.reply()
}

/// The head of a reply as it arrived: status line, fields, empty line.
pub fn head_bytes(reply: &Reply) -> Vec<u8> {
    reply
        .pieces
        .iter()
        .filter(|(piece, _)| matches!(piece, Piece::StatusLine | Piece::Header | Piece::BlankLine))
        .flat_map(|(_, bytes)| bytes.clone())
        .collect()
}

/// A folder of its own under the system's temporary folder, removed with
/// everything in it when dropped: what a demo writes never outlives it.
#[derive(Debug)]
pub struct TempDir {
    pub path: PathBuf,
}

impl TempDir {
    /// `$TMP/http-by-hand-<label>-<pid>-<n>`, new and empty.
    pub fn new(label: &str) -> std::io::Result<TempDir> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("http-by-hand-{label}-{}-{n}", std::process::id()));
        // Left over from a run that was killed: start clean.
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)?;
        Ok(TempDir { path })
    }

    /// A path inside the folder.
    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// What a raw client printed, and how it ended.
#[derive(Debug)]
pub struct ClientRun {
    pub stdout: String,
    /// `-v` and `--trace` write here.
    pub stderr: String,
    /// The error the program would exit with (`exit_code()` gives curl's code).
    pub result: Result<(), raw_client::ClientError>,
}

/// `get_client ARGS...`, run as a library call.
pub fn get_client(args: &[&str]) -> Result<ClientRun, Box<dyn Error>> {
    use clap::Parser;
    let args = get_client::Args::try_parse_from(
        std::iter::once("get_client").chain(args.iter().copied()),
    )?;
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let result = get_client::run(&args, &mut stdout, &mut stderr);
    Ok(ClientRun {
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        result,
    })
}

/// `post_client ARGS...`, run as a library call.
pub fn post_client(args: &[&str]) -> Result<ClientRun, Box<dyn Error>> {
    use clap::Parser;
    let args = post_client::Args::try_parse_from(
        std::iter::once("post_client").chain(args.iter().copied()),
    )?;
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let result = post_client::run(&args, &mut stdout, &mut stderr);
    Ok(ClientRun {
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        result,
    })
}

/// A heading for one step of a demo.
pub fn step(out: &mut dyn Write, title: &str) -> std::io::Result<()> {
    writeln!(out, "\n━━ {title} ━━")
}

/// `bytes`, every `\r\n` shown, under a label.
pub fn show(out: &mut dyn Write, label: &str, bytes: &[u8]) -> std::io::Result<()> {
    writeln!(out, "── {label} ──")?;
    writeln!(out, "{}", indent(&visible(bytes)))
}

/// A reply, labelled piece by piece as `--trace` shows it.
pub fn show_reply(out: &mut dyn Write, label: &str, reply: &Reply) -> std::io::Result<()> {
    writeln!(out, "── {label} ──")?;
    for (piece, bytes) in &reply.pieces {
        write!(out, " {}", wire::trace::render(*piece, bytes))?;
    }
    Ok(())
}

/// A tiny server written in a demo, wrong on purpose or fixed: it takes one
/// connection on a free port and hands it to `serve` on its own thread.
#[derive(Debug)]
pub struct OneShot {
    pub addr: SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl OneShot {
    pub fn start(serve: impl FnOnce(TcpStream) + Send + 'static) -> std::io::Result<OneShot> {
        let listener = TcpListener::bind(any_port())?;
        let addr = listener.local_addr()?;
        let thread = std::thread::Builder::new()
            .name("demo server".into())
            .spawn(move || {
                if let Ok((stream, _)) = listener.accept() {
                    // A demo server never waits longer than a few seconds.
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(3)));
                    let _ = stream.set_write_timeout(Some(Duration::from_secs(3)));
                    serve(stream);
                }
            })?;
        Ok(OneShot {
            addr,
            thread: Some(thread),
        })
    }

    /// Waits for the server's thread to finish with its connection.
    pub fn join(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Milliseconds, for printing a measured time.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// What the demos' own small servers use to read a request head: read
/// until the empty line that ends it (chapter 1's fix), at most 16 KiB.
/// Returns the head and whatever came after it; empty on EOF or error.
pub fn read_head(stream: &mut impl Read) -> (Vec<u8>, Vec<u8>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while buf.len() < 16 * 1024 {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(end + 4);
            return (buf, rest);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    (Vec::new(), Vec::new())
}

/// Waits, up to the server's read timeout, for the client to close.
pub fn wait_for_close(stream: &mut TcpStream) {
    let mut sink = [0u8; 1024];
    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
}
