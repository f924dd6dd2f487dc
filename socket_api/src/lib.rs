//! # socket_api: an HTTP/1.1 server from scratch
//!
//! A server on `std::net::TcpListener`, one thread per connection, that
//! reads requests byte by byte with [`wire`] and answers the project's route
//! table. `framework_api` answers the same table with axum; read the two
//! side by side to see what a framework does for you.
//!
//! | module         | what it holds                                                      |
//! |----------------|--------------------------------------------------------------------|
//! | [`server`]     | the accept loop, the connection cap, shutdown; why threads         |
//! | [`connection`] | one connection: the blocking driver of [`wire::server`]'s machine  |
//! | [`event_loop`] | `--io events`: the same machine driven by a readiness loop over mio |
//! | [`transport`]  | [`transport::Transport`]: the bytes over plain TCP or over TLS, one driver for both |
//! | [`handshake`]  | HTTPS: the TLS handshake on the connection's thread, by a deadline; plain HTTP told apart |
//! | [`tls`]        | HTTPS settings: certificate and key from PEM files, or made at start-up |
//! | [`access_log`] | the one log line per request                                       |
//! | [`compress`]   | gzip by hand for every response worth it: `Accept-Encoding`, `Vary`, a weak `ETag` |
//! | [`reply`]      | writing a response, whole or piece by piece; a handler's panic as a 500 |
//! | [`body_reader`] | [`body_reader::BodyReader`]: a body read as it arrives, for streaming handlers |
//! | [`blocking`]   | reading with a deadline, and lingering close, on a blocking socket |
//! | [`tracker`]    | the open connections: the cap, idle or busy, a slot freed on drop  |
//! | [`routes`](mod@routes) | the `routes!` macro and the [`Router`] it builds                    |
//! | [`pattern`]    | route patterns, `/echo/{text}` and `/static/{*path}`: match, rank, conflict |
//! | [`app`]        | the route table and its small handlers                             |
//! | [`echo_path`]  | `GET /echo/{text}`: a path parameter, percent-decoded              |
//! | [`status`]     | `/status/{code}`: any status of `wire`'s table, with its rules     |
//! | [`redirect`]   | `/redirect/{n}` and `/redirect-to`: redirects, and no open redirect |
//! | [`cookies`]    | `/cookies/set` and `/cookies`: `Set-Cookie`, and what comes back   |
//! | [`mirror`]     | `/mirror`: the request as JSON, or its raw bytes                   |
//! | [`stream`]     | `/stream`: lines written as they are made (chunked, or until close) |
//! | [`events`]     | `/events`: Server-Sent Events                                      |
//! | [`pause`]      | waiting inside a streamed body, cut short by a shutdown            |
//! | [`query`]      | numbers from a query string, with defaults and bounds              |
//! | [`upload`]     | `POST /upload`: multipart parts streamed to disk, hashed           |
//! | [`files`]      | `GET /static/...`: files from `--dir`, never a byte from outside it; ranges, 304s |
//! | [`request`]    | [`Request`], what a handler receives                               |
//! | [`response`]   | [`Response`], what a handler returns                               |
//! | [`shutdown`]   | [`Shutdown`], the stop signal passed to [`run`]                    |
//!
//! The HTTP rules themselves (what is refused with which status, where a
//! body ends, keep-alive) are in [`wire::server`], which knows no socket.
//!
//! ```no_run
//! use std::net::TcpListener;
//! let listener = TcpListener::bind("127.0.0.1:8080")?;
//! let shutdown = socket_api::Shutdown::new();
//! socket_api::run(listener, socket_api::Config::default(), shutdown)?;
//! # Ok::<(), std::io::Error>(())
//! ```

pub mod access_log;
pub mod app;
pub mod blocking;
pub mod body_reader;
pub mod compress;
pub mod connection;
pub mod cookies;
pub mod echo_path;
pub mod event_loop;
pub mod events;
pub mod files;
pub mod handshake;
pub mod mirror;
pub mod pattern;
pub mod pause;
pub mod query;
pub mod redirect;
pub mod reply;
pub mod request;
pub mod response;
pub mod routes;
pub mod server;
pub mod shutdown;
pub mod status;
pub mod stream;
pub mod tls;
pub mod tracker;
pub mod transport;
pub mod upload;

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

pub use app::SERVER_NAME;
pub use request::Request;
pub use response::Response;
pub use routes::Router;
pub use server::{BACKLOG, listen, run, run_router};
pub use shutdown::Shutdown;
pub use wire::HeadLimits;
pub use wire::server::RequestError;

/// The folder the project ships for `/static/`: `static/` at the top of the
/// workspace, with a page, its CSS and images. Fixed at compile time, so
/// `cargo run -p socket_api` finds it from any folder.
pub const DEFAULT_STATIC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../static");

/// Where `socket_api` listens when not told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// The server's limits and timeouts. Every field is a command-line flag.
#[derive(Debug, Clone)]
pub struct Config {
    /// Size of a request head, and number of its fields.
    pub limits: HeadLimits,
    /// The largest request body accepted, in bytes, by a handler that gets
    /// the whole body in memory.
    pub max_body: usize,
    /// The largest body a streaming handler (`[streaming]` in `routes!`,
    /// such as `/upload`) reads, piece by piece.
    pub max_upload: usize,
    /// Where `POST /upload` saves the files it receives (`--upload-dir`).
    /// Created by the first upload if it does not exist.
    pub upload_dir: PathBuf,
    /// How long a head may take to arrive, and how long a body may stall.
    pub header_timeout: Duration,
    /// How long a keep-alive connection may sit idle between requests.
    pub idle_timeout: Duration,
    /// How many connections are served at once.
    pub max_connections: usize,
    /// At shutdown, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
    /// `--dir`: the folder served under `/static/` (see [`files`]).
    pub static_dir: PathBuf,
    /// HTTPS: the certificate and key every connection's TLS handshake
    /// uses (see [`tls`]); `None` serves plain HTTP.
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// `--io`: which driver moves the bytes (see [`Io`]).
    pub io: Io,
}

/// Which driver moves the bytes of every connection. Both drive the same
/// machine ([`wire::server`]), so both answer alike; they differ in how
/// they wait.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Io {
    /// A thread per connection, blocking reads and writes
    /// ([`connection`]): the one to read first.
    #[default]
    Threads,
    /// A loop per core over non-blocking sockets, woken by readiness
    /// ([`event_loop`]): the C10K way.
    Events,
}

impl Config {
    /// What each connection's machine needs to know of these.
    pub fn connection_limits(&self) -> wire::server::Limits {
        wire::server::Limits {
            head: self.limits,
            max_body: self.max_body,
            header_timeout: self.header_timeout,
            idle_timeout: self.idle_timeout,
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            limits: HeadLimits::default(),
            max_body: 1024 * 1024,
            max_upload: 256 * 1024 * 1024,
            upload_dir: default_upload_dir(),
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(5),
            static_dir: PathBuf::from(DEFAULT_STATIC_DIR),
            tls: None,
            io: Io::Threads,
        }
    }
}

/// `--upload-dir`'s default: a folder of this process under the system's
/// temporary folder, e.g. `/tmp/socket_api-uploads-4242`, so that uploads
/// from a classroom session never land among the user's own files.
pub fn default_upload_dir() -> PathBuf {
    std::env::temp_dir().join(format!("socket_api-uploads-{}", std::process::id()))
}

/// A server running on its own thread: for the tour and for tests.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    shutdown: Shutdown,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl Running {
    /// Binds `addr` (`127.0.0.1:0` picks a free port) and serves on a new
    /// thread. Returns once the listener is bound, so connecting is safe.
    pub fn start(addr: SocketAddr, config: Config) -> io::Result<Running> {
        Running::start_router(addr, app::router(), config)
    }

    /// [`Running::start`] with another route table than the app's: built
    /// with [`routes!`], for a test or a demo.
    pub fn start_router(addr: SocketAddr, router: Router, config: Config) -> io::Result<Running> {
        let listener = server::listen(&[addr])?;
        let addr = listener.local_addr()?;
        let shutdown = Shutdown::new();
        let stop = shutdown.clone();
        let thread = std::thread::Builder::new()
            .name("socket_api".into())
            .spawn(move || run_router(listener, router, config, stop))?;
        Ok(Running {
            addr,
            shutdown,
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server as Ctrl-C would, and waits for it.
    pub fn shutdown(mut self) -> io::Result<()> {
        self.stop()
    }

    fn stop(&mut self) -> io::Result<()> {
        self.shutdown.trigger();
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("the server thread panicked")),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}
