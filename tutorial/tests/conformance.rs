//! The conformance table in `tutorial::conformance`: every row against
//! socket_api must give exactly the answer the RFC asks for; against
//! framework_api, every row that differs must say why, and every "why"
//! must still be true.

#![allow(clippy::unwrap_used)]

use tutorial::conformance::{CASES, run_all, socket_config};

#[test]
fn socket_api_passes_every_row_and_every_difference_is_explained() {
    let any = "127.0.0.1:0".parse().unwrap();
    let socket = socket_api::Running::start(any, socket_config()).unwrap();
    let framework = framework_api::Running::start(any).unwrap();
    let socket_outcomes = run_all(socket.addr());
    let framework_outcomes = run_all(framework.addr());

    let mut failures = Vec::new();
    for ((case, s), f) in CASES.iter().zip(&socket_outcomes).zip(&framework_outcomes) {
        if *s != case.expected() {
            failures.push(format!(
                "{} ({}): socket_api gave {s}, the RFC asks for {}",
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
