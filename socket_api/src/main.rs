//! `socket_api`: the from-scratch server. Parses flags, then calls the library.

use std::io::IsTerminal;
use std::net::{SocketAddr, TcpListener};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use socket_api::{Config, DEFAULT_ADDR, HeadLimits, Shutdown};

/// An HTTP/1.1 server written from scratch on std::net.
///
/// Try it: curl -v http://127.0.0.1:8080/api?name=knsock
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on, HOST:PORT
    #[arg(long, default_value = DEFAULT_ADDR)]
    addr: SocketAddr,
    /// Largest request head (request line and fields), in bytes: 431 past it
    #[arg(long, default_value_t = 16 * 1024)]
    max_head: usize,
    /// Most header fields in a request: 431 past it
    #[arg(long, default_value_t = 64)]
    max_headers: usize,
    /// Largest request body, in bytes: 413 past it
    #[arg(long, default_value_t = 1024 * 1024)]
    max_body: usize,
    /// Seconds a request head may take to arrive, or a body may stall: 408 and close
    #[arg(long, default_value_t = 10.0)]
    header_timeout: f64,
    /// Seconds a keep-alive connection may sit idle before it is closed
    #[arg(long, default_value_t = 5.0)]
    idle_timeout: f64,
    /// Connections served at once; one more gets 503 and is closed
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        // Colours only for a person at a terminal, not in a file or a pipe.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let (Some(header_timeout), Some(idle_timeout)) =
        (seconds(args.header_timeout), seconds(args.idle_timeout))
    else {
        eprintln!("socket_api: timeouts must be positive numbers of seconds");
        return ExitCode::from(2);
    };
    let config = Config {
        limits: HeadLimits {
            max_head_bytes: args.max_head,
            max_headers: args.max_headers,
        },
        max_body: args.max_body,
        header_timeout,
        idle_timeout,
        max_connections: args.max_connections,
        ..Config::default()
    };
    let listener = match TcpListener::bind(args.addr) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("socket_api: cannot listen on {}: {e}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    let shutdown = Shutdown::new();
    let on_signal = shutdown.clone();
    // Ctrl-C (SIGINT) and, with ctrlc's "termination" feature, SIGTERM.
    if let Err(e) = ctrlc::set_handler(move || on_signal.trigger()) {
        eprintln!("socket_api: cannot handle Ctrl-C: {e}");
    }
    match socket_api::run(listener, config, shutdown) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("socket_api: {e}");
            ExitCode::FAILURE
        }
    }
}

fn seconds(value: f64) -> Option<Duration> {
    (value.is_finite() && value > 0.0).then(|| Duration::from_secs_f64(value))
}
