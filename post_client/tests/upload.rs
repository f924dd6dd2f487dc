//! The body on its way out: `-m` bounds sending it too, and a server that
//! answers before it has read the body gets its answer printed and the
//! rest of the upload stopped (RFC 9112 §9.5), as curl does.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use post_client::ClientError;

/// Runs the client as the binary would, with stdout and stderr in memory.
fn run(args: &[&str]) -> (Result<(), ClientError>, Vec<u8>, String) {
    test_servers::run_client("post_client", args, |a, out, err| {
        post_client::run(a, out, err)
    })
}

/// More than loopback's socket buffers hold (a few MiB here), so a server
/// that stops reading makes the client's writes wait.
const BIG: usize = 16 * 1024 * 1024;

/// A file of `BIG` bytes for `-d @FILE`, in a directory of the test's own.
fn big_file(name: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("post_client_{name}_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.txt");
    std::fs::write(&file, vec![b'a'; BIG]).unwrap();
    let data = format!("@{}", file.display());
    (dir, data)
}

fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() == 1 {
        head.push(byte[0]);
    }
    String::from_utf8(head).unwrap()
}

#[test]
fn an_early_answer_is_printed_and_the_upload_stopped() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/upload", listener.local_addr().unwrap());
    let (done, wait) = mpsc::channel::<()>();
    // Reads the head, refuses the body at once, and reads nothing more; it
    // holds the connection until the test is over (10 s at most).
    let server = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let head = read_head(&mut stream);
        stream
            .write_all(b"HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 9\r\n\r\ntoo large")
            .unwrap();
        let _ = wait.recv_timeout(Duration::from_secs(10));
        head
    });
    let (dir, data) = big_file("early");
    let started = Instant::now();
    // `Expect:` off: the body follows the head at once, as with curl -H 'Expect:'.
    let (result, stdout, stderr) = run(&["-v", "-H", "Expect:", &url, "-d", &data]);
    let elapsed = started.elapsed();
    let _ = done.send(());
    let head = server.join().unwrap();
    assert!(
        head.contains(&format!("\r\nContent-Length: {BIG}\r\n")),
        "{head}"
    );
    result.unwrap();
    assert_eq!(stdout, b"too large");
    assert!(
        stderr.contains("< HTTP/1.1 413 Content Too Large\n"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("upload completely sent off"),
        "the upload was not complete: {stderr}"
    );
    assert!(
        stderr.contains("stopped"),
        "-v says the upload stopped: {stderr}"
    );
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    eprintln!("early 413 answered and printed after {elapsed:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn max_time_bounds_sending_the_body_too() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/upload", listener.local_addr().unwrap());
    // A slow reader that never answers: 16 KiB every 20 ms, for 10 s at most,
    // or until the test is over. Each write makes a little progress, so only
    // a deadline for the whole transfer stops the client in time.
    let (done, over) = mpsc::channel::<()>();
    let server = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        read_head(&mut stream);
        stream
            .set_read_timeout(Some(Duration::from_secs(1)))
            .unwrap();
        let started = Instant::now();
        let mut chunk = vec![0; 16 * 1024];
        while started.elapsed() < Duration::from_secs(10) && over.try_recv().is_err() {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => break,                           // the client gave up
                Ok(_) => thread::sleep(Duration::from_millis(20)), // pacing, not synchronisation
            }
        }
    });
    let (dir, data) = big_file("slow");
    let started = Instant::now();
    let (result, _, _) = run(&["-m", "1", "-H", "Expect:", &url, "-d", &data]);
    let elapsed = started.elapsed();
    let _ = done.send(());
    server.join().unwrap();
    let error = result.unwrap_err();
    assert_eq!(error.exit_code(), 28, "{error}");
    let message = error.to_string();
    assert!(
        message.starts_with("Operation timed out after ") && !message.contains("os error"),
        "{message}"
    );
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
