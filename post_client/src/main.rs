//! The `post_client` binary: parse the flags, run, turn an error into one
//! line on stderr and curl's exit code. Everything else is in the library.

use std::io;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A bad flag is clap's to report: it prints usage and exits with 2.
    let args = post_client::Args::parse();
    let result = post_client::run(&args, &mut io::stdout().lock(), &mut io::stderr().lock());
    raw_client::error::exit("post_client", args.common.silent, result)
}
