//! The servers' log: one line per request on stderr, written by a thread
//! of its own.
//!
//! Writing each line to stderr as it is made costs a system call per
//! request, on the thread that serves it, and every serving thread queues
//! for stderr's lock. Under load that was a third of socket_api's system
//! calls. So the serving thread only hands the line to a channel; a log
//! thread takes whatever lines have come, writes them in one go, and
//! flushes when the channel is empty. A person at a terminal still sees
//! each line at once (the thread is idle then, and flushes every line).
//! nginx does the same with `access_log ... buffer=`.
//!
//! No line is dropped: when the log thread falls behind by 128,000 lines,
//! serving waits for it (tracing-appender's `lossy(false)`).

use std::io::{BufWriter, IsTerminal};

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

/// Starts the log: `RUST_LOG` if set, else `info` (one line per request).
/// Keep the guard until the server stops: dropping it writes what is left.
pub fn init() -> WorkerGuard {
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("log")
        .finish(BufWriter::new(std::io::stderr()));
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(writer)
        .with_target(false)
        // Colours only for a person at a terminal, not in a file or a pipe.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    guard
}
