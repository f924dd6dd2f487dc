//! `cargo run -p tutorial`: the side-by-side tour, and the conformance table.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// HTTP by hand: both servers, the same requests, every byte shown.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The tour (the default): the same requests to socket_api and
    /// framework_api through the raw clients, each exchange printed with
    /// \r\n made visible, then the differences found.
    Tour,
    /// The conformance table: raw requests that test RFC 9110/9112's rules,
    /// run against both servers, printed as Markdown.
    Conformance,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut stdout = std::io::stdout().lock();
    let result = match args.command.unwrap_or(Command::Tour) {
        Command::Tour => tutorial::tour::run(&mut stdout).map(|_| ()),
        Command::Conformance => tutorial::conformance::print_table(&mut stdout),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `tutorial | head`: the reader had what it wanted and went away.
        // Nothing went wrong for the tour, so it stops quietly, as `cat`
        // does when SIGPIPE ends it (Rust ignores SIGPIPE, so here the
        // closed pipe comes back as an error from `writeln!`).
        Err(e) if is_broken_pipe(e.as_ref()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not `eprintln!`, which panics if stderr is closed too.
            let _ = writeln!(std::io::stderr(), "tutorial: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Did writing fail because nobody reads stdout any more?
fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
