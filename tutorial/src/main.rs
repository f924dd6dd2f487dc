//! `cargo run -p tutorial`: the side-by-side tour.

use std::process::ExitCode;

use clap::Parser;

/// The side-by-side tour: both servers, the same requests, every byte shown.
///
/// Starts socket_api and framework_api in this process on free ports, sends
/// each the same requests through the raw clients, and prints the exchanges
/// and how the answers differed.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {}

fn main() -> ExitCode {
    let _args = Args::parse();
    let mut stdout = std::io::stdout().lock();
    match tutorial::tour::run(&mut stdout) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tutorial: {e}");
            ExitCode::FAILURE
        }
    }
}
