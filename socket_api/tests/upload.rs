//! `POST /upload` over a real socket: files saved under safe, new names,
//! inside the folder whatever the name sent; the JSON per part; the
//! limits, with nothing left behind by a refused upload.

#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

both_drivers!(
    files_are_saved_and_described_one_entry_per_part,
    no_name_sent_writes_outside_the_folder,
    an_upload_over_max_upload_gets_413_and_leaves_nothing,
    part_count_and_part_head_have_limits,
    not_multipart_is_415_or_400_and_get_is_405,
);

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Client, TempDir, start_with};
use sha2::{Digest, Sha256};
use socket_api::upload::hex;
use socket_api::{Config, Io};

/// A folder of this test's own (each driver's run its own), removed when
/// dropped. The uploads go to `uploads/` inside it, so a file written
/// beside `uploads/` would show.
struct Folder(TempDir);

impl Folder {
    fn new(name: &str) -> Folder {
        Folder(TempDir::new(&format!("upload-{name}")))
    }

    fn uploads(&self) -> PathBuf {
        self.0.0.join("uploads")
    }

    /// Every file under the test's folder, as paths relative to it.
    fn files(&self) -> Vec<String> {
        let mut found = Vec::new();
        walk(&self.0.0, &self.0.0, &mut found);
        found.sort();
        found
    }
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, found);
        } else {
            found.push(path.strip_prefix(root).unwrap().display().to_string());
        }
    }
}

fn server(folder: &Folder, max_upload: usize, io: Io) -> socket_api::Running {
    start_with(Config {
        upload_dir: folder.uploads(),
        max_upload,
        header_timeout: Duration::from_secs(2),
        io,
        ..Config::default()
    })
}

const BOUNDARY: &str = "XyZ";

/// A multipart body: each part is its head lines and its data.
fn form(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (head, data) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n{head}\r\n\r\n").as_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn file(name: &str, filename: &str) -> String {
    format!(
        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: text/plain"
    )
}

fn post(addr: std::net::SocketAddr, body: &[u8]) -> String {
    let mut client = Client::connect(addr);
    let head = format!(
        "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    client.send(head.as_bytes());
    client.send(body);
    client.response("POST")
}

fn sha(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn files_are_saved_and_described_one_entry_per_part(io: Io) {
    let folder = Folder::new("saved");
    let server = server(&folder, 1024 * 1024, io);
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let body = form(&[
        ("Content-Disposition: form-data; name=\"note\"", b"hi there"),
        (&file("doc", "a.txt"), b"hello"),
        (
            "Content-Disposition: form-data; name=\"bin\"; filename=\"data.bin\"",
            &big,
        ),
    ]);
    let got = post(server.addr(), &body);
    let json = format!(
        "[{{\"name\":\"note\",\"filename\":null,\"content_type\":null,\"size\":8,\"sha256\":\"{}\"}},\
         {{\"name\":\"doc\",\"filename\":\"a.txt\",\"content_type\":\"text/plain\",\"size\":5,\"sha256\":\"{}\"}},\
         {{\"name\":\"bin\",\"filename\":\"data.bin\",\"content_type\":null,\"size\":200000,\"sha256\":\"{}\"}}]",
        sha(b"hi there"),
        sha(b"hello"),
        sha(&big)
    );
    assert!(
        got.starts_with("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"),
        "{got}"
    );
    assert!(got.ends_with(&format!("\r\n\r\n{json}")), "{got}");
    assert_eq!(folder.files(), ["uploads/a.txt", "uploads/data.bin"]);
    assert_eq!(fs::read(folder.uploads().join("a.txt")).unwrap(), b"hello");
    assert_eq!(fs::read(folder.uploads().join("data.bin")).unwrap(), big);
    // The same names again: new files beside them, nothing overwritten.
    post(server.addr(), &body);
    assert_eq!(
        folder.files(),
        [
            "uploads/a-1.txt",
            "uploads/a.txt",
            "uploads/data-1.bin",
            "uploads/data.bin"
        ]
    );
}

fn no_name_sent_writes_outside_the_folder(io: Io) {
    let folder = Folder::new("names");
    let server = server(&folder, 1024 * 1024, io);
    let long = "n".repeat(300);
    let sent = [
        "../../escape.txt",
        "/etc/passwd",
        "..\\..\\boot.ini",
        "C:\\Windows\\win.ini",
        "..",
        "",
        ".hidden",
        "sp ace%2F.txt",
        &long,
    ];
    let heads: Vec<String> = sent.iter().map(|name| file("f", name)).collect();
    let parts: Vec<(&str, &[u8])> = heads.iter().map(|h| (h.as_str(), &b"x"[..])).collect();
    let got = post(server.addr(), &form(&parts));
    assert!(got.starts_with("HTTP/1.1 200 "), "{got}");
    // The names as sent are reported as sent (JSON-escaped)...
    assert!(got.contains(r#""filename":"..\\..\\boot.ini""#), "{got}");
    assert!(got.contains(r#""filename":"../../escape.txt""#), "{got}");
    // ...and saved as plain names inside the folder, nowhere else.
    let mut expected = vec![
        "uploads/boot.ini".to_owned(),
        "uploads/escape.txt".to_owned(),
        "uploads/hidden".to_owned(),
        format!("uploads/{}", "n".repeat(100)),
        "uploads/passwd".to_owned(),
        "uploads/sp_ace_2F.txt".to_owned(),
        "uploads/upload".to_owned(),
        "uploads/upload-1".to_owned(),
        "uploads/win.ini".to_owned(),
    ];
    expected.sort();
    assert_eq!(folder.files(), expected);
    // A NUL or a line break cannot even be in a part's head: 400, nothing saved.
    for name in ["nul\0.txt", "a\r\nb.txt"] {
        let before = folder.files();
        let got = post(server.addr(), &form(&[(&file("f", name), b"x")]));
        assert!(got.starts_with("HTTP/1.1 400 "), "{name:?}: {got}");
        assert_eq!(folder.files(), before);
    }
}

fn an_upload_over_max_upload_gets_413_and_leaves_nothing(io: Io) {
    let folder = Folder::new("too-large");
    let server = server(&folder, 64 * 1024, io);
    // Said up front: refused before a byte is read.
    let body = form(&[(&file("f", "big.bin"), &vec![b'b'; 100_000])]);
    let got = post(server.addr(), &body);
    assert!(got.starts_with("HTTP/1.1 413 "), "{got}");
    // Found out as it arrives (chunked): the first file was already begun.
    let mut client = Client::connect(server.addr());
    client.send(format!("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nTransfer-Encoding: chunked\r\n\r\n").as_bytes());
    for piece in body.chunks(8 * 1024) {
        client.send(format!("{:X}\r\n", piece.len()).as_bytes());
        client.send(piece);
        client.send(b"\r\n");
    }
    client.send(b"0\r\n\r\n");
    let got = client.response("POST");
    assert!(got.starts_with("HTTP/1.1 413 "), "{got}");
    assert!(folder.files().is_empty(), "{:?}", folder.files());
}

fn part_count_and_part_head_have_limits(io: Io) {
    let folder = Folder::new("limits");
    let server = server(&folder, 1024 * 1024, io);
    let head = file("f", "a.txt");
    let parts: Vec<(&str, &[u8])> = (0..101).map(|_| (head.as_str(), &b"x"[..])).collect();
    let got = post(server.addr(), &form(&parts));
    assert!(got.starts_with("HTTP/1.1 413 "), "{got}");
    assert!(
        got.ends_with("413 Content Too Large: at most 100 parts in one upload\n"),
        "{got}"
    );
    assert!(folder.files().is_empty(), "{:?}", folder.files());
    // 100 parts are fine.
    let got = post(server.addr(), &form(&parts[..100]));
    assert!(got.starts_with("HTTP/1.1 200 "), "{}", &got[..100]);
    assert_eq!(folder.files().len(), 100);

    let huge = format!("{}\r\nX-Pad: {}", file("f", "b.txt"), "p".repeat(9000));
    let got = post(server.addr(), &form(&[(&huge, b"x")]));
    assert!(got.starts_with("HTTP/1.1 413 "), "{got}");
    assert!(
        got.contains("a part's head is larger than 8192 bytes"),
        "{got}"
    );
}

fn not_multipart_is_415_or_400_and_get_is_405(io: Io) {
    let folder = Folder::new("types");
    let server = server(&folder, 1024 * 1024, io);
    for (content_type, status) in [
        ("text/plain", "415 "),
        ("application/x-www-form-urlencoded", "415 "),
        ("multipart/form-data", "400 "),
        ("multipart/form-data; boundary=\"\"", "400 "),
    ] {
        let got = common::exchange(
            server.addr(),
            format!("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: 3\r\n\r\nabc").as_bytes(),
        );
        assert!(
            got.starts_with(&format!("HTTP/1.1 {status}")),
            "{content_type}: {got}"
        );
    }
    let got = common::exchange(
        server.addr(),
        b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    );
    assert!(got.ends_with("415 Unsupported Media Type: POST /upload needs Content-Type: multipart/form-data; boundary=...\n"), "{got}");
    // Cut off before the last boundary: 400, and the begun file is removed.
    let mut body = form(&[(&file("f", "cut.txt"), b"abc")]);
    body.truncate(body.len() - 10);
    let got = post(server.addr(), &body);
    assert!(got.starts_with("HTTP/1.1 400 "), "{got}");
    assert!(folder.files().is_empty(), "{:?}", folder.files());
    let got = common::exchange(server.addr(), b"GET /upload HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(
        got.starts_with("HTTP/1.1 405 ") && got.contains("Allow: POST\r\n"),
        "{got}"
    );
}
