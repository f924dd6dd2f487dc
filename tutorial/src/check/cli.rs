//! `cargo run -p tutorial -- check`: its flags.

use std::net::{SocketAddr, ToSocketAddrs};

/// Check your exercises: ✔ or ✘ for each, and for the first that fails, the
/// case, the bytes sent, what was expected and what came back.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  cargo run -p tutorial -- check                              # every exercise
  cargo run -p tutorial -- check ex05_head_method             # one (ex05 or 5 will do)
  cargo run -p tutorial -- check ex05 --hint                  # and its hint
  cargo run -p tutorial -- check --seed 4821                  # the same random inputs again
  cargo run -p tutorial -- check --addr 127.0.0.1:9000        # a server you run, in any language
  cargo run -p tutorial -- check ex05 --serve 127.0.0.1:8080  # run your ex05 server, to try it by hand")]
pub struct CheckArgs {
    /// The exercise to check (ex01_head_end, ex01 or 1); all of them if left out
    pub exercise: Option<String>,

    /// Print the hint of the exercise (or of the first one not passing)
    #[arg(long)]
    pub hint: bool,

    /// The seed of the random inputs: a run prints its seed, and --seed
    /// repeats it [default: a new one each run]
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Grade the server running at HOST:PORT instead of starting yours: any
    /// language will do. Only the server-level exercises are checked
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,

    /// Do not check: run your server for EXERCISE on HOST:PORT until Ctrl-C,
    /// to try it with curl or `get_client --trace`
    #[arg(
        long,
        value_name = "HOST:PORT",
        conflicts_with = "addr",
        requires = "exercise"
    )]
    pub serve: Option<String>,
}

/// `HOST:PORT` to an address, or a sentence saying why not.
pub fn resolve(text: &str) -> Result<SocketAddr, String> {
    text.to_socket_addrs()
        .map_err(|e| format!("{text} is not a HOST:PORT this machine can resolve: {e}"))?
        .next()
        .ok_or_else(|| format!("{text} names no address"))
}
