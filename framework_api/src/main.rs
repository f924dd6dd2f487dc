//! `framework_api`: the axum server, from the command line.
//!
//! Parse flags, set up logging, bind, serve until Ctrl-C or SIGTERM.
//! Everything else is in the library, where tests can reach it.

use clap::Parser;
use framework_api::{DEFAULT_ADDR, DEFAULT_MAX_BODY};
use std::{io::IsTerminal, net::SocketAddr, process::ExitCode, time::Duration};
use tokio::{net::TcpListener, sync::watch};
use tracing_subscriber::EnvFilter;

/// How long open connections may take to finish after Ctrl-C. axum itself
/// waits for ever; a stalled client should not be able to keep us running.
const GRACE: Duration = Duration::from_secs(5);

/// The "HTTP by hand" routes, served by axum + tokio (compare socket_api).
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on
    #[arg(long, default_value = DEFAULT_ADDR)]
    addr: SocketAddr,
    /// Largest request body, in bytes: 413 past it. socket_api's other
    /// limits (head size, header count, timeouts) are hyper's own here, and
    /// axum::serve does not let us set them.
    #[arg(long, default_value_t = DEFAULT_MAX_BODY)]
    max_body: usize,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();

    // `RUST_LOG=debug` (or `RUST_LOG=framework_api=info,hyper=trace`) shows
    // more; the default is one line per request. Logs go to stderr so that
    // stdout stays free for output a program might read.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        // Colours only for a person at a terminal, not in a file or a pipe.
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    // Before binding, so no signal sent after "listening" can be missed.
    let stop_signal = shutdown_signal();

    let listener = match TcpListener::bind(args.addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("framework_api: cannot listen on {}: {err}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    // With `--addr 127.0.0.1:0` the real port is only known now.
    let addr = listener.local_addr().unwrap_or(args.addr);
    tracing::info!("listening on http://{addr}");

    // One signal, two listeners: `serve` starts its graceful shutdown, and
    // the grace timer starts counting. A watch channel can be awaited by
    // both; dropping the sender wakes every receiver.
    let (stop_tx, mut stop_for_serve) = watch::channel(());
    let mut stop_for_timer = stop_for_serve.clone();
    tokio::spawn(async move {
        stop_signal.await;
        tracing::info!("shutting down: finishing open requests");
        drop(stop_tx);
    });

    let app = framework_api::app_with_max_body(args.max_body);
    let server = framework_api::serve_app(listener, app, async move {
        let _ = stop_for_serve.changed().await;
    });
    let grace = async move {
        let _ = stop_for_timer.changed().await;
        tokio::time::sleep(GRACE).await;
    };

    tokio::select! {
        result = server => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("framework_api: {err}");
                ExitCode::FAILURE
            }
        },
        () = grace => {
            tracing::warn!("connections still open after {GRACE:?}; closing them");
            ExitCode::SUCCESS
        }
    }
}

/// A future that completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM (what
/// `kill` and service managers send).
///
/// On Unix both handlers are registered by this call, not when the future is
/// first polled: `tokio::signal::ctrl_c()` registers lazily, and a signal
/// that arrives before that is lost (or, for a background job whose shell
/// ignores SIGINT, silently ignored). Registering before we print
/// "listening" means a script may signal us as soon as it reads that line.
fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{Signal, SignalKind, signal};

        async fn first(registered: std::io::Result<Signal>, name: &str) {
            match registered {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(err) => {
                    // We can still be stopped by the other signal, or SIGKILL.
                    tracing::error!("cannot listen for {name}: {err}");
                    std::future::pending::<()>().await;
                }
            }
        }

        // SIGINT is what Ctrl-C sends; `tokio::signal::ctrl_c()` is this
        // same signal on Unix.
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            tokio::select! {
                () = first(interrupt, "Ctrl-C (SIGINT)") => {}
                () = first(terminate, "SIGTERM") => {}
            }
        }
    }

    #[cfg(not(unix))]
    async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {err}");
            std::future::pending::<()>().await;
        }
    }
}
