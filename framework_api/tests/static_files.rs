//! `/static/` over real sockets: types, validators, ranges, folders, and
//! not one byte from outside the folder, whatever the target.
#![allow(clippy::unwrap_used)]

mod common;
use common::{Response, exchange, get, request, start, start_with, temp_dir};
use std::path::Path;

const SECRET: &str = "TOP-SECRET-OUTSIDE-BYTES";

/// `root/served/` is served; `root/secret.txt` is beside it, outside.
fn tree() -> (std::path::PathBuf, std::path::PathBuf) {
    let root = temp_dir("static");
    let served = root.join("served");
    std::fs::create_dir_all(served.join("sub")).unwrap();
    std::fs::create_dir_all(served.join("empty")).unwrap();
    std::fs::write(root.join("secret.txt"), SECRET).unwrap();
    std::fs::write(served.join("hello.txt"), "0123456789").unwrap();
    std::fs::write(served.join("sub/index.html"), "<p>sub</p>").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(root.join("secret.txt"), served.join("leak.txt")).unwrap();
        symlink(&root, served.join("up")).unwrap();
        symlink(served.join("hello.txt"), served.join("inside.txt")).unwrap();
        std::fs::create_dir_all(served.join("linked-index")).unwrap();
        symlink(
            root.join("secret.txt"),
            served.join("linked-index/index.html"),
        )
        .unwrap();
    }
    (root, served)
}

#[test]
fn the_shipped_folder_has_a_page_its_css_and_images() {
    let server = start();
    for (path, content_type) in [
        ("/static/", "text/html; charset=utf-8"),
        ("/static/index.html", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/image.svg", "image/svg+xml"),
        ("/static/pixels.png", "image/png"),
    ] {
        let response = get(server.addr(), path, "");
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{path}"
        );
    }
    let page = get(server.addr(), "/static/", "").text();
    assert!(page.contains("style.css") && page.contains("image.svg"));
    let moved = get(server.addr(), "/static", "");
    assert_eq!(moved.status, 307);
    assert_eq!(moved.header("location"), Some("/static/"));
}

#[test]
fn validators_give_304() {
    let (_root, served) = tree();
    let (server, _) = start_with(&served, |_| {});
    let full = get(server.addr(), "/static/hello.txt", "");
    assert_eq!(full.text(), "0123456789");
    assert_eq!(full.header("accept-ranges"), Some("bytes"));
    let etag = full.header("etag").unwrap().to_owned();
    let date = full.header("last-modified").unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with("-a\""), "{etag}");

    for headers in [
        format!("If-None-Match: {etag}\r\n"),
        format!("If-None-Match: \"other\", W/{etag}\r\n"),
        "If-None-Match: *\r\n".to_owned(),
        format!("If-Modified-Since: {date}\r\n"),
        // A tag that matches wins over a range, even one out of bounds.
        format!("If-None-Match: {etag}\r\nRange: bytes=100-\r\n"),
    ] {
        let response = get(server.addr(), "/static/hello.txt", &headers);
        assert_eq!(response.status, 304, "{headers}");
        assert!(response.body.is_empty());
        assert_eq!(response.header("etag"), Some(etag.as_str()));
        assert_eq!(response.header("last-modified"), Some(date.as_str()));
    }
    // With If-None-Match, If-Modified-Since is ignored (RFC 9110 §13.2.2).
    let changed = get(
        server.addr(),
        "/static/hello.txt",
        &format!("If-None-Match: \"other\"\r\nIf-Modified-Since: {date}\r\n"),
    );
    assert_eq!(changed.status, 200);
    let head = request(server.addr(), "HEAD", "/static/hello.txt", "", b"");
    assert_eq!(head.header("content-length"), Some("10"));
    assert!(head.body.is_empty());
}

#[test]
fn single_ranges_give_206_and_bad_ones_416() {
    let (_root, served) = tree();
    let (server, _) = start_with(&served, |_| {});
    for (range, status, content_range, body) in [
        ("bytes=2-4", 206, "bytes 2-4/10", "234"),
        ("bytes=7-", 206, "bytes 7-9/10", "789"),
        ("bytes=-3", 206, "bytes 7-9/10", "789"),
        ("bytes=5-100", 206, "bytes 5-9/10", "56789"),
        ("bytes=10-", 416, "bytes */10", ""),
        (
            "bytes=0-1,4-5",
            416,
            "bytes */10",
            "Cannot serve multipart range requests",
        ),
    ] {
        let response = get(
            server.addr(),
            "/static/hello.txt",
            &format!("Range: {range}\r\n"),
        );
        assert_eq!(response.status, status, "{range}");
        assert_eq!(
            response.header("content-range"),
            Some(content_range),
            "{range}"
        );
        assert_eq!(response.text(), body, "{range}");
    }
    // If-Range with a tag that is not ours: the whole file.
    let response = get(
        server.addr(),
        "/static/hello.txt",
        "Range: bytes=2-4\r\nIf-Range: \"old\"\r\n",
    );
    assert_eq!(
        (response.status, response.text().as_str()),
        (200, "0123456789")
    );
    let etag = get(server.addr(), "/static/hello.txt", "")
        .header("etag")
        .unwrap()
        .to_owned();
    let response = get(
        server.addr(),
        "/static/hello.txt",
        &format!("Range: bytes=2-4\r\nIf-Range: {etag}\r\n"),
    );
    assert_eq!(response.status, 206);
}

#[test]
fn folders_serve_their_index_or_404() {
    let (_root, served) = tree();
    let (server, _) = start_with(&served, |_| {});
    assert_eq!(get(server.addr(), "/static/sub/", "").text(), "<p>sub</p>");
    let moved = get(server.addr(), "/static/sub?x=1", "");
    assert_eq!(moved.status, 307);
    assert_eq!(moved.header("location"), Some("/static/sub/?x=1"));
    assert_eq!(get(server.addr(), "/static/empty/", "").status, 404);
    assert_eq!(get(server.addr(), "/static/nothing.txt", "").status, 404);
    #[cfg(unix)]
    assert_eq!(
        get(server.addr(), "/static/inside.txt", "").text(),
        "0123456789",
        "a link that stays inside is followed"
    );
}

#[test]
fn not_a_byte_from_outside_leaks() {
    let (root, served) = tree();
    let (server, _) = start_with(&served, |_| {});
    let targets = [
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/%2E%2E/secret.txt",
        "/static/..%2fsecret.txt",
        "/static/%2e%2e%2fsecret.txt",
        "/static/sub/../../secret.txt",
        "/static/sub/%2e%2e/%2e%2e/secret.txt",
        "/static/..\\secret.txt",
        "/static/..%5csecret.txt",
        "/static//../secret.txt",
        "/static//%2e%2e/secret.txt",
        "/static/%2f..%2fsecret.txt",
        "/static/hello.txt%00../../secret.txt",
        "/static/%00",
        "/static/leak.txt",
        "/static/up/secret.txt",
        "/static/up/served/../secret.txt",
        "/static/linked-index/",
        "/static/linked-index/index.html",
        "/static/.%2e/secret.txt",
    ];
    let absolute = format!("/static/{}", root.join("secret.txt").display());
    for target in targets.iter().copied().chain([absolute.as_str()]) {
        for accept in ["", "Accept-Encoding: gzip\r\nRange: bytes=0-\r\n"] {
            let bytes = exchange(
                server.addr(),
                format!("GET {target} HTTP/1.1\r\nHost: t\r\n{accept}Connection: close\r\n\r\n")
                    .as_bytes(),
            );
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(SECRET), "{target} leaked: {text}");
            let response = Response::parse(&bytes);
            assert!(
                response.status == 404 || response.status == 400,
                "{target}: {}",
                response.head
            );
        }
    }
    assert!(Path::new(&root.join("secret.txt")).exists());
}
