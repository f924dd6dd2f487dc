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
    // The book's demos, one per chapter (tutorial/src/demos/), and its diagrams.
    /// Chapter 1: one read is not one message; "Address already in use".
    Stream,
    /// Chapter 2: the request head, piece by piece; a space before a colon.
    Head,
    /// Chapter 3: Content-Length; why a browser spins without it.
    ContentLength,
    /// Chapter 4: one route table on both servers; /favicon.ico.
    Routing,
    /// Chapter 5: queries, forms, percent-encoded UTF-8.
    Forms,
    /// Chapter 6: reading to EOF hangs; reading a POST body; resets.
    Body,
    /// Chapter 7: chunked bodies, parsed right and wrong.
    Chunked,
    /// Chapter 8: keep-alive, Connection: close, pipelining, HTTP/1.0.
    KeepAlive,
    /// Chapter 9: slow clients against a pool of 4, a thread each, tokio.
    SlowClients,
    /// Chapter 10: two parsers that disagree over the same bytes.
    Smuggling,
    /// Chapter 11: Ctrl-C with a request in flight.
    Shutdown,
    /// Chapter 12: two clients' bytes, a redirect, a reused connection.
    Client,
    /// Chapter 13: the same HTTP bytes inside TLS records.
    Tls,
    /// Chapter 14: where the two servers differ, and why.
    Differences,
    /// Chapter 15: static files, ranges, 304s; a path that walks out.
    Files,
    /// Chapter 16: a multipart upload; a file name that tries to climb out.
    Uploads,
    /// Chapter 17: a chunked stream as it is made, HTTP/1.0, Server-Sent Events.
    Streams,
    /// Chapter 18: Accept-Encoding, gzip and Vary; a PNG left alone.
    Compression,
    /// Chapter 19: /echo/{text}, redirects, /status, cookies, /mirror.
    Routes,
    /// Chapter 20: both servers over HTTPS with a CA made on the spot.
    Https,
    /// Chapter 21: idle connections on both drivers; a stream lent a thread.
    EventLoop,
    /// Writes the book's SVG diagrams into tutorial/book/src/img/.
    Diagrams,
    /// Benchmark socket_api (threads and events), framework_api and nginx
    /// under wrk, side by side; then 10,000 idle connections each. Needs
    /// wrk; takes about 6 minutes (see --quick). Writes the book's results.
    Bench(tutorial::bench::BenchArgs),
    /// One server in a process of its own, for `bench` (prints its
    /// address, serves until stdin closes).
    #[command(hide = true)]
    BenchServe(tutorial::bench::serve::ServeArgs),
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
        Command::Stream => tutorial::demos::run("stream", &mut stdout),
        Command::Head => tutorial::demos::run("head", &mut stdout),
        Command::ContentLength => tutorial::demos::run("content-length", &mut stdout),
        Command::Routing => tutorial::demos::run("routing", &mut stdout),
        Command::Forms => tutorial::demos::run("forms", &mut stdout),
        Command::Body => tutorial::demos::run("body", &mut stdout),
        Command::Chunked => tutorial::demos::run("chunked", &mut stdout),
        Command::KeepAlive => tutorial::demos::run("keep-alive", &mut stdout),
        Command::SlowClients => tutorial::demos::run("slow-clients", &mut stdout),
        Command::Smuggling => tutorial::demos::run("smuggling", &mut stdout),
        Command::Shutdown => tutorial::demos::run("shutdown", &mut stdout),
        Command::Client => tutorial::demos::run("client", &mut stdout),
        Command::Tls => tutorial::demos::run("tls", &mut stdout),
        Command::Differences => tutorial::demos::run("differences", &mut stdout),
        Command::Files => tutorial::demos::run("files", &mut stdout),
        Command::Uploads => tutorial::demos::run("uploads", &mut stdout),
        Command::Streams => tutorial::demos::run("streams", &mut stdout),
        Command::Compression => tutorial::demos::run("compression", &mut stdout),
        Command::Routes => tutorial::demos::run("routes", &mut stdout),
        Command::Https => tutorial::demos::run("https", &mut stdout),
        Command::EventLoop => tutorial::demos::run("event-loop", &mut stdout),
        Command::Diagrams => tutorial::diagrams::write_all(&mut stdout),
        Command::Bench(args) => tutorial::bench::run(&args, &mut stdout),
        Command::BenchServe(args) => return tutorial::bench::serve::main(&args),
        Command::Check(args) => return tutorial::check::main(&args),
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
