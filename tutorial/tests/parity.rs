//! Both servers, one list of raw requests: the answers must agree on status,
//! `Content-Type`, `Allow` and body, except where `tutorial::parity` lists
//! an allowed difference.

#![allow(clippy::unwrap_used)]

use tutorial::parity::{CASES, Parity, ask};

#[test]
fn both_servers_answer_alike() {
    let any = "127.0.0.1:0".parse().unwrap();
    let socket = socket_api::Running::start(any, socket_api::Config::default()).unwrap();
    let framework = framework_api::Running::start(any).unwrap();
    let mut failures = Vec::new();
    for case in CASES {
        let left =
            ask(socket.addr(), case).unwrap_or_else(|e| panic!("{}: socket_api: {e}", case.name));
        let right = ask(framework.addr(), case)
            .unwrap_or_else(|e| panic!("{}: framework_api: {e}", case.name));
        match case.parity {
            Parity::Same if left != right => {
                failures.push(format!(
                    "{}:\n  socket_api    {left:?}\n  framework_api {right:?}",
                    case.name
                ));
            }
            Parity::Differs(why) if left == right => {
                failures.push(format!(
                    "{}: listed as differing ({why}) but both answered alike: {left:?}",
                    case.name
                ));
            }
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
    socket.shutdown().unwrap();
    framework.shutdown().unwrap();
}
