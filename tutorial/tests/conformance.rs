//! The conformance table in `tutorial::conformance`: every row against
//! socket_api must give exactly the answer the RFC asks for; against
//! framework_api, every row that differs must say why, and every "why"
//! must still be true.

#![allow(clippy::unwrap_used)]

use socket_api::Io;
use tutorial::conformance::{CASES, run_all, socket_config};

#[test]
fn socket_api_passes_every_row_and_every_difference_is_explained() {
    every_row(Io::Threads);
}

/// The same table against `--io events`: the same machine, driven by an
/// event loop, must give the same answers.
#[test]
fn socket_api_on_the_event_loop_passes_every_row_too() {
    every_row(Io::Events);
}

fn every_row(io: Io) {
    let any = "127.0.0.1:0".parse().unwrap();
    let config = socket_api::Config {
        io,
        ..socket_config()
    };
    let socket = socket_api::Running::start(any, config).unwrap();
    let framework = framework_api::Running::start(any).unwrap();
    let socket_outcomes = run_all(socket.addr());
    let framework_outcomes = run_all(framework.addr());

    let mut failures = Vec::new();
    for ((case, s), f) in CASES.iter().zip(&socket_outcomes).zip(&framework_outcomes) {
        if *s != case.expected() {
            failures.push(format!(
                "{} ({}): socket_api ({io:?}) gave {s}, the RFC asks for {}",
                case.name,
                case.rfc,
                case.expected()
            ));
        }
        match (s == f, case.framework) {
            (false, None) => failures.push(format!(
                "{}: framework_api gave {f}, socket_api {s}, and the row does not say why",
                case.name
            )),
            (true, Some(why)) => failures.push(format!(
                "{}: both gave {s}, but the row says they differ: {why}",
                case.name
            )),
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
    socket.shutdown().unwrap();
    framework.shutdown().unwrap();
}
