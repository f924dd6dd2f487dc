//! Chapter 14, `differences`: what the framework did for you, and where
//! it does otherwise.
//!
//! The same `GET /hello` to both servers, compared field by field with
//! [`crate::compare`]; then the rows of the conformance table where the two
//! servers answer differently, run now against both, each with why. (Rows
//! that need a stalled client take seconds; `cargo run -p tutorial --
//! conformance` runs the whole table.)

use std::io::Write;

use crate::conformance::{self, CASES, Step};

use super::{DemoResult, Servers, WAIT, ask, show_reply, step};

pub const ABOUT: &str = "socket_api beside framework_api: the same answer's bytes, and the rules they apply differently";

/// Rows that differ and answer at once (no pause, no 2 MB body to wait for).
const QUICK: &[&str] = &[
    "Content-Length and Transfer-Encoding",
    "HTTP/1.1 without Host",
    "Expect other than 100-continue",
    "unknown method",
    "HTTP/2.0 in the request line",
];

pub fn run(out: &mut dyn Write) -> DemoResult {
    let servers = Servers::start(conformance::socket_config())?;
    step(out, "1. GET /hello, byte for byte")?;
    let mut answers = Vec::new();
    for (name, addr) in servers.each() {
        let reply = ask(addr, b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", WAIT)?.reply()?;
        show_reply(out, name, &reply)?;
        answers.push(reply);
    }
    let found = crate::compare::compare(
        socket_api::SERVER_NAME,
        (&answers[0].head, &answers[0].body),
        framework_api::SERVER_NAME,
        (&answers[1].head, &answers[1].body),
    );
    for line in
        crate::compare::summarise(socket_api::SERVER_NAME, framework_api::SERVER_NAME, &found)
    {
        writeln!(out, "- {line}")?;
    }

    step(out, "2. Where the rules are applied differently")?;
    for case in CASES.iter().filter(|c| QUICK.contains(&c.name)) {
        let quick = case.steps.iter().all(|s| matches!(s, Step::Send(_)));
        if !quick {
            continue;
        }
        let [(_, socket), (_, framework)] = servers.each();
        let (s, f) = (
            conformance::run(socket, case, WAIT),
            conformance::run(framework, case, WAIT),
        );
        writeln!(out, "\n{} ({})", case.name, case.rfc)?;
        writeln!(out, "  socket_api: {s}    framework_api: {f}")?;
        if let Some(why) = case.framework {
            writeln!(out, "  why: {why}")?;
        }
    }
    servers.stop()?;
    writeln!(
        out,
        "\nhyper did the framing, the keep-alive and the limits for framework_api; socket_api"
    )?;
    writeln!(
        out,
        "does each by hand in wire::server, so it can be read, and held to the strictest rule."
    )?;
    Ok(())
}
