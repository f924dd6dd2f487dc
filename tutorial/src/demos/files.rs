//! Chapter 15, `files`: a folder served under `/static/`, safely.
//!
//! The same requests to both servers: a file, the same file's first bytes
//! with `Range` (206 and `Content-Range`), the file again with the `ETag`
//! it came with (304, no body), a range past the end (416, `bytes */SIZE`)
//! and traversal tricks that aim at the workspace's own `Cargo.toml`, one
//! folder up (404, not a byte of it). Then the question "why not just join
//! the path to the folder?": a NAIVE file server that does exactly that
//! hands out a secret file from outside its folder; ours do not.

use std::io::Write;
use std::net::TcpStream;

use super::{
    DemoResult, OneShot, Servers, TempDir, get, head_bytes, read_head, show, step, wait_for_close,
};

pub const ABOUT: &str =
    "static files: types, ETag and 304, Range and 206/416, traversal refused; a naive server leaks";

const CSS: &str = "/static/style.css";

/// Traversal tricks, each aiming one folder up at the workspace's `Cargo.toml`.
const TRICKS: &[&str] = &[
    "/static/%2e%2e/Cargo.toml",
    "/static/../Cargo.toml",
    "/static/..%2fCargo.toml",
    "/static/%2e%2e%2fCargo.toml",
    "/static/..\\Cargo.toml",
    "/static/style.css%00.png",
];

const SECRET: &str = "password = hunter2\n";

pub fn run(out: &mut dyn Write) -> DemoResult {
    let servers = Servers::start(socket_api::Config::default())?;
    for (name, addr) in servers.each() {
        step(out, &format!("{name}: GET {CSS}"))?;
        let whole = get(addr, CSS, "")?;
        show(out, "response head", &head_bytes(&whole))?;
        writeln!(out, "...and {} bytes of CSS.", whole.body.len())?;
        let size = whole.body.len();

        let range = get(addr, CSS, "Range: bytes=0-31\r\n")?;
        writeln!(
            out,
            "{:<30} -> {}, Content-Range: {}, body {:?}",
            "Range: bytes=0-31",
            range.status_line(),
            range.head.headers.get("Content-Range").unwrap_or("-"),
            String::from_utf8_lossy(&range.body)
        )?;

        let etag = whole.head.headers.get("ETag").unwrap_or("\"none\"");
        let cached = get(addr, CSS, &format!("If-None-Match: {etag}\r\n"))?;
        writeln!(
            out,
            "{:<30} -> {}, {} bytes of body: the client's copy is current",
            format!("If-None-Match: {etag}"),
            cached.status_line(),
            cached.body.len()
        )?;

        let past = get(addr, CSS, &format!("Range: bytes={size}-\r\n"))?;
        writeln!(
            out,
            "{:<30} -> {}, Content-Range: {}",
            format!("Range: bytes={size}-"),
            past.status_line(),
            past.head.headers.get("Content-Range").unwrap_or("-")
        )?;

        writeln!(
            out,
            "Traversal, aiming at the workspace's Cargo.toml one folder up:"
        )?;
        for trick in TRICKS {
            let reply = get(addr, trick, "")?;
            let leaked = String::from_utf8_lossy(&reply.body).contains("[workspace");
            writeln!(
                out,
                "  {trick:<30} -> {}, {}",
                reply.status_line(),
                if leaked {
                    "LEAKED Cargo.toml"
                } else {
                    "not a byte of Cargo.toml"
                }
            )?;
        }
    }
    servers.stop()?;

    step(
        out,
        "NAIVE file server: decode the path, join it to the folder, read the file",
    )?;
    let temp = TempDir::new("files")?;
    let public = temp.join("public");
    std::fs::create_dir_all(&public)?;
    std::fs::write(public.join("hello.txt"), "hello\n")?;
    std::fs::write(temp.join("secret.txt"), SECRET)?;
    writeln!(
        out,
        "The folder served: {}/public/ (hello.txt); outside it: secret.txt.",
        temp.path.display()
    )?;
    let target = "/static/%2e%2e/secret.txt";
    let root = public.clone();
    let naive = OneShot::start(move |stream| naive_file_server(stream, &root))?;
    let reply = get(naive.addr, target, "Connection: close\r\n")?;
    naive.join();
    writeln!(
        out,
        "NAIVE: GET {target} -> {}, body {:?}",
        reply.status_line(),
        String::from_utf8_lossy(&reply.body)
    )?;

    let socket = socket_api::Config {
        static_dir: public.clone(),
        ..socket_api::Config::default()
    };
    let framework = framework_api::Config {
        static_dir: public.clone(),
        ..framework_api::Config::default()
    };
    let servers = Servers::start_with(socket, framework)?;
    for (name, addr) in servers.each() {
        let reply = get(addr, target, "")?;
        let leaked = String::from_utf8_lossy(&reply.body).contains("hunter2");
        writeln!(
            out,
            "{name}: GET {target} -> {}, {}",
            reply.status_line(),
            if leaked {
                "LEAKED the secret"
            } else {
                "not a byte of the secret"
            }
        )?;
    }
    servers.stop()?;
    writeln!(
        out,
        "The naive server decoded %2e%2e to .. and let the file system walk out of the folder."
    )?;
    writeln!(
        out,
        "Ours split the path on / first, decode each segment once, and refuse any segment that"
    )?;
    writeln!(
        out,
        "is not a plain name (wire::path); then the real path must still be inside the folder."
    )?;
    Ok(())
}

/// Wrong on purpose: the path after `/static/`, percent-decoded, joined to
/// `root`, and whatever file that names sent back.
fn naive_file_server(mut stream: TcpStream, root: &std::path::Path) {
    let (head, _) = read_head(&mut stream);
    let line = String::from_utf8_lossy(&head).into_owned();
    let target = line.split(' ').nth(1).unwrap_or("/");
    let relative = percent_decode(target.strip_prefix("/static/").unwrap_or(target));
    let answer = match std::fs::read(root.join(relative)) {
        Ok(bytes) => [
            format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                bytes.len()
            )
            .into_bytes(),
            bytes,
        ]
        .concat(),
        Err(_) => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
        }
    };
    let _ = stream.write_all(&answer);
    wait_for_close(&mut stream);
}

/// `%XX` to the byte it stands for; anything else as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}
