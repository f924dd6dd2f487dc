//! The benchmark's moving parts, without wrk or nginx: each server started
//! as `tutorial bench-serve`, its ready line read, one request answered,
//! its memory read; and the command's refusals. (The benchmark itself is
//! too long for a test: `cargo run --release -p tutorial -- bench`.)

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use tutorial::bench::process::{Raised, ServerProcess};
use tutorial::bench::{BENCH_BODY, BENCH_TARGET, Server};
use tutorial::demos::{Answer, ask};

fn tutorial_exe() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_tutorial"))
}

/// Starts `server` in a process of its own, asks the bench route once.
fn serves_the_bench_route(server: Server, raised: Raised) {
    let process = ServerProcess::start(tutorial_exe(), server, raised)
        .unwrap_or_else(|e| panic!("{}: {e}", server.label()));
    assert!(process.addr().ip().is_loopback());
    assert_ne!(process.addr().port(), 0, "the real port, not 0");
    let request = format!("GET {BENCH_TARGET} HTTP/1.1\r\nHost: bench\r\n\r\n");
    let answer = ask(process.addr(), request.as_bytes(), Duration::from_secs(5)).unwrap();
    let Answer::Reply(reply) = answer else {
        panic!("{}: {}", server.label(), answer.describe());
    };
    assert_eq!(reply.head.status, 200, "{}", server.label());
    assert_eq!(
        String::from_utf8_lossy(&reply.body),
        BENCH_BODY,
        "{}",
        server.label()
    );
    if cfg!(target_os = "linux") {
        let kib = process.rss_kib().unwrap_or(0);
        assert!(kib > 500, "{}: RSS {kib} KiB", server.label());
    }
    let pid = process.pid().unwrap();
    process.stop();
    if cfg!(target_os = "linux") {
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
            "{} still running after stop",
            server.label()
        );
    }
}

#[test]
fn bench_serve_socket_threads_says_ready_and_answers() {
    serves_the_bench_route(Server::SocketThreads, Raised::default());
}

#[test]
fn bench_serve_socket_events_with_a_raised_cap_answers() {
    let raised = Raised {
        max_connections: Some(10_064),
        idle_timeout: Some(300),
    };
    serves_the_bench_route(Server::SocketEvents, raised);
}

#[test]
fn bench_serve_framework_says_ready_and_answers() {
    serves_the_bench_route(Server::Framework, Raised::default());
}

#[test]
fn bench_serve_refuses_nginx_with_one_line() {
    let err = ServerProcess::start(tutorial_exe(), Server::Nginx, Raised::default()).unwrap_err();
    assert!(
        err.to_string().contains("exited before it was ready"),
        "{err}"
    );
}

#[test]
fn bench_without_wrk_says_how_to_install_it() {
    let output = Command::new(tutorial_exe())
        .args(["bench", "--quick"])
        .env("PATH", "")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("apt-get install wrk"), "{stderr}");
}

#[test]
fn bench_flags_have_bounds() {
    for flags in [
        &["--duration", "0"][..],
        &["--duration", "61"],
        &["--rounds", "0"],
        &["--connections", "16,1"],
        &["--connections", "10001"],
        &["--idle", "10001"],
        &["--probes", "0"],
        &["--servers", "apache"],
        &["--quick", "--rounds", "2"],
    ] {
        let output = Command::new(tutorial_exe())
            .arg("bench")
            .args(flags)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{flags:?} was accepted");
    }
}
