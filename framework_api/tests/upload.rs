//! `POST /upload` over real sockets: files saved under safe, new names,
//! described in JSON; limits refused with 413 and nothing left behind.
#![allow(clippy::unwrap_used)]

mod common;
use common::{request, start_with};
use std::path::Path;

const BOUNDARY: &str = "XyZ123";

/// One part: `(name, filename, content type, bytes)`.
type PartSpec<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

/// A multipart body.
fn multipart(parts: &[PartSpec<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, filename, content_type, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{name}\"");
        if let Some(filename) = filename {
            disposition += &format!("; filename=\"{filename}\"");
        }
        body.extend_from_slice(format!("{disposition}\r\n").as_bytes());
        if let Some(content_type) = content_type {
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn content_type() -> String {
    format!("Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n")
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn files_are_saved_under_safe_new_names() {
    let (server, config) = start_with(Path::new(framework_api::DEFAULT_STATIC_DIR), |_| {});
    let body = multipart(&[
        ("doc", Some("../../evil.txt"), Some("text/plain"), b"hello"),
        ("doc", Some("..\\evil.txt"), Some("text/plain"), b"hello"),
        ("note", None, None, b"just a field"),
        (
            "bin",
            Some(".hidden"),
            Some("application/octet-stream"),
            &[0, 255, 1],
        ),
    ]);
    let response = request(server.addr(), "POST", "/upload", &content_type(), &body);
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.header("content-type"), Some("application/json"));
    let json: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(
        json[0],
        serde_json::json!({
            "name": "doc", "filename": "../../evil.txt", "content_type": "text/plain", "size": 5,
            "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        })
    );
    assert_eq!(json[2]["filename"], serde_json::Value::Null);
    assert_eq!(json[2]["content_type"], serde_json::Value::Null);
    assert_eq!(json[2]["size"], 12);
    assert_eq!(json[3]["size"], 3);
    // Field order on the wire.
    assert!(response.text().starts_with(r#"[{"name":"doc","filename":"../../evil.txt","content_type":"text/plain","size":5,"sha256":""#));
    assert_eq!(
        files_in(&config.upload_dir),
        ["evil-1.txt", "evil.txt", "hidden"]
    );
    assert_eq!(
        std::fs::read(config.upload_dir.join("evil-1.txt")).unwrap(),
        b"hello"
    );
    // Nothing was written beside the folder.
    assert!(
        !config
            .upload_dir
            .parent()
            .unwrap()
            .join("evil.txt")
            .exists()
    );
}

#[test]
fn limits_are_413_and_leave_nothing() {
    let (server, config) = start_with(Path::new(framework_api::DEFAULT_STATIC_DIR), |config| {
        config.max_upload = 1000;
    });
    let big = vec![b'x'; 2000];
    let body = multipart(&[
        ("a", Some("small.txt"), None, b"ok"),
        ("b", Some("big.bin"), None, &big),
    ]);
    let response = request(server.addr(), "POST", "/upload", &content_type(), &body);
    assert_eq!(response.status, 413, "{}", response.text());
    assert!(
        files_in(&config.upload_dir).is_empty(),
        "{:?}",
        files_in(&config.upload_dir)
    );

    let many: Vec<PartSpec<'_>> = (0..=framework_api::upload::MAX_PARTS)
        .map(|_| ("f", None, None, &b""[..]))
        .collect();
    let (server, _) = start_with(Path::new(framework_api::DEFAULT_STATIC_DIR), |_| {});
    let response = request(
        server.addr(),
        "POST",
        "/upload",
        &content_type(),
        &multipart(&many),
    );
    assert_eq!(response.status, 413, "{}", response.text());
}

#[test]
fn other_bodies_are_refused() {
    let (server, _) = start_with(Path::new(framework_api::DEFAULT_STATIC_DIR), |_| {});
    let form = request(
        server.addr(),
        "POST",
        "/upload",
        "Content-Type: application/x-www-form-urlencoded\r\n",
        b"a=1",
    );
    assert_eq!(form.status, 415);
    let no_boundary = request(
        server.addr(),
        "POST",
        "/upload",
        "Content-Type: multipart/form-data\r\n",
        b"x",
    );
    assert_eq!(no_boundary.status, 400);
    let broken = request(
        server.addr(),
        "POST",
        "/upload",
        &content_type(),
        b"--XyZ123\r\nnot a head",
    );
    assert_eq!(broken.status, 400);
    let get = request(server.addr(), "GET", "/upload", "", b"");
    assert_eq!((get.status, get.header("allow")), (405, Some("POST")));
}
