//! The tour runs start to finish, shows every step for both servers, and
//! names the differences it found.

#![allow(clippy::unwrap_used)]

use tutorial::tour::{KEEP_ALIVE_TITLE, NEXT_CHAPTER, NEXT_EXERCISE, REUSED, STEPS, run};

#[test]
fn the_tour_runs_and_lists_differences() {
    let mut out = Vec::new();
    let summary = run(&mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    for step in STEPS {
        assert!(out.contains(step.title), "missing step {:?}", step.title);
    }
    assert_eq!(out.matches("── socket_api answers ──").count(), STEPS.len());
    assert_eq!(
        out.matches("── framework_api answers ──").count(),
        STEPS.len()
    );
    assert!(
        out.contains("GET /api?name=knsock&city=Z%C3%BCrich HTTP/1.1\\r\\n"),
        "CRLF is made visible"
    );
    // A body with UTF-8 in it is shown decoded beside its bytes.
    assert!(
        out.contains("bytes: city = Z\\xC3\\xBCrich   decoded: city = Zürich   (ü = C3 BC)"),
        "{out}"
    );
    // The keep-alive step shows the connection reused, on both servers.
    assert!(out.contains(KEEP_ALIVE_TITLE));
    assert_eq!(out.matches(REUSED).count(), 2, "{out}");
    // It ends by naming the first chapter and the first exercise.
    assert!(
        out.trim_end()
            .ends_with(&format!("{NEXT_CHAPTER}\n{NEXT_EXERCISE}")),
        "{out}"
    );
    assert!(NEXT_CHAPTER.contains("tutorial/book/src/01-tcp-stream.md"));
    assert!(NEXT_EXERCISE.contains("cargo run -p tutorial -- check ex01_head_end"));
    // hyper writes field names in lower case; socket_api does not.
    assert!(
        summary
            .iter()
            .any(|line| line.contains("Content-Type / content-type")),
        "{summary:?}"
    );
}

/// `cargo run -p tutorial | head`: once the reader has gone, the tour
/// stops quietly, with no error line and no panic. The read end of stdout
/// is closed as soon as the child starts, so its first line fails to go.
#[test]
fn the_tour_into_a_closed_pipe_ends_quietly() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_tutorial"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(output.status.success(), "{:?}", output.status);
}
