//! `cargo run -p tutorial`: the side-by-side tour, and the conformance table.

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
    /// Check your exercises (tutorial/exercises/): ✔ or ✘ for each, and the
    /// first failing case in full.
    Check(tutorial::check::CheckArgs),
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut stdout = std::io::stdout().lock();
    let result = match args.command.unwrap_or(Command::Tour) {
        Command::Tour => tutorial::tour::run(&mut stdout).map(|_| ()),
        Command::Conformance => tutorial::conformance::print_table(&mut stdout),
        Command::Check(args) => return tutorial::check::main(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tutorial: {e}");
            ExitCode::FAILURE
        }
    }
}
