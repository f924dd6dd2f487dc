//! `tutorial bench-serve SERVER`: one server in a process of its own, for
//! the benchmark. Hidden from `--help`: the benchmark starts it, not you.
//!
//! Why a process, when the tour starts both servers on threads? Memory:
//! `/proc/PID/status` tells a process's RSS, not a thread's, so each
//! server the benchmark measures must be alone in its process. The
//! benchmark runs this same binary again (`std::env::current_exe()`),
//! with this subcommand.
//!
//! The conversation with the parent is two signals, no sleeps:
//!
//! 1. ready: once the listener is bound, the address is printed as one
//!    line on stdout (`127.0.0.1:40123`). The parent waits for that line,
//!    so when it has it, connecting is safe.
//! 2. stop: when stdin closes (the parent closed it, or died), the server
//!    shuts down as on Ctrl-C.
//!
//! Each server runs as its own binary ships it: the same defaults, the
//! same log line per request (on stderr, which the benchmark sends to
//! `/dev/null`), and for framework_api a multi-threaded tokio runtime, as
//! `#[tokio::main]` builds (its `Running`, for tests, has one thread).

use std::error::Error;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use super::Server;

/// `bench-serve`'s flags.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Which server (not nginx: that one runs as nginx)
    #[arg(value_enum)]
    pub server: Server,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// socket_api: connections served at once (its default is 1024)
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_CONNECTIONS))]
    pub max_connections: Option<u64>,
    /// socket_api: seconds an idle keep-alive connection is kept (default 5)
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout: Option<u64>,
}

/// Past the benchmark's 10,000 connections, with room for the probes.
pub const MAX_CONNECTIONS: u64 = 100_000;

/// Serves until stdin closes; a one-line error and exit code 1 if it cannot.
pub fn main(args: &ServeArgs) -> ExitCode {
    // The servers' own log, as in their `main.rs`: `RUST_LOG`, else `info`
    // (one line per request), written by a log thread.
    let _log = server_support::log::init();
    match serve(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "tutorial bench-serve: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &ServeArgs) -> Result<(), Box<dyn Error>> {
    match args.server {
        Server::SocketThreads => serve_socket_api(args, socket_api::Io::Threads),
        Server::SocketEvents => serve_socket_api(args, socket_api::Io::Events),
        Server::Framework => serve_framework_api(args),
        Server::Nginx => Err("nginx runs as nginx itself, not through bench-serve".into()),
    }
}

fn serve_socket_api(args: &ServeArgs, io: socket_api::Io) -> Result<(), Box<dyn Error>> {
    let defaults = socket_api::Config::default();
    let config = socket_api::Config {
        io,
        max_connections: args
            .max_connections
            .map_or(defaults.max_connections, |n| n as usize),
        idle_timeout: args
            .idle_timeout
            .map_or(defaults.idle_timeout, Duration::from_secs),
        ..defaults
    };
    // As socket_api's own main.rs listens: with its backlog, not std's.
    let listener = socket_api::listen(&[args.addr])?;
    ready(listener.local_addr()?)?;
    let shutdown = socket_api::Shutdown::new();
    let stop = shutdown.clone();
    std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || {
            wait_for_stdin_to_close();
            stop.trigger();
        })?;
    socket_api::run(listener, config, shutdown)?;
    Ok(())
}

fn serve_framework_api(args: &ServeArgs) -> Result<(), Box<dyn Error>> {
    // What `#[tokio::main]` builds: a worker thread per core.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr).await?;
        ready(listener.local_addr()?)?;
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("stdin".into())
            .spawn(move || {
                wait_for_stdin_to_close();
                let _ = stop_tx.send(());
            })?;
        let config = framework_api::Config::default();
        let streams_stop = config.shutdown.clone();
        let stop = async move {
            let _ = stop_rx.await;
            streams_stop.cancel();
        };
        framework_api::serve_app(listener, framework_api::app_with(config), stop).await?;
        Ok::<(), Box<dyn Error>>(())
    })
}

/// The ready signal: the bound address, one line, flushed now.
fn ready(addr: SocketAddr) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{addr}")?;
    stdout.flush()
}

/// Blocks until stdin reaches its end (or fails, which means the same here).
fn wait_for_stdin_to_close() {
    let mut sink = [0u8; 64];
    let mut stdin = std::io::stdin().lock();
    loop {
        match stdin.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}
