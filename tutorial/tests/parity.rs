//! Both servers, one list of raw requests: the answers must agree on status,
//! `Content-Type`, `Content-Encoding`, `Allow` and body, except where
//! `tutorial::parity` lists an allowed difference. socket_api runs the list
//! on each of its drivers.

#![allow(clippy::unwrap_used)]

use socket_api::Io;
use tutorial::parity::{CASES, Parity, ask};

#[test]
fn both_servers_answer_alike() {
    answer_alike(Io::Threads);
}

/// The same list against `--io events`: the same machine, driven by an
/// event loop, must answer as framework_api does, just as `--io threads` does.
#[test]
fn socket_api_on_the_event_loop_answers_alike_too() {
    answer_alike(Io::Events);
}

fn answer_alike(io: Io) {
    let any = "127.0.0.1:0".parse().unwrap();
    let config = socket_api::Config {
        io,
        ..socket_api::Config::default()
    };
    let socket = socket_api::Running::start(any, config).unwrap();
    let framework = framework_api::Running::start(any).unwrap();
    let mut failures = Vec::new();
    for case in CASES {
        let left = ask(socket.addr(), case)
            .unwrap_or_else(|e| panic!("{}: socket_api ({io:?}): {e}", case.name));
        let right = ask(framework.addr(), case)
            .unwrap_or_else(|e| panic!("{}: framework_api: {e}", case.name));
        match case.parity {
            Parity::Same if left != right => {
                failures.push(format!(
                    "{}:\n  socket_api ({io:?}) {left:?}\n  framework_api {right:?}",
                    case.name
                ));
            }
            Parity::Differs(why) if left == right => {
                failures.push(format!(
                    "{}: listed as differing ({why}) but both answered alike ({io:?}): {left:?}",
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
