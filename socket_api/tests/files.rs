//! `/static/` over real sockets: types, validators, ranges, folders, HEAD,
//! and not one byte from outside the folder, whatever the target.
#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

both_drivers!(
    every_traversal_trick_gets_an_error_and_not_a_byte,
    a_link_that_stays_inside_and_an_odd_name_are_served,
    the_shipped_folder_has_a_page_its_css_and_images,
    media_types_come_from_the_extension,
    folders_serve_their_index_or_404,
    validators_give_304,
    head_has_the_get_head_and_no_body,
    single_ranges_give_206_and_bad_ones_416,
    a_range_deep_in_a_large_file_is_read_from_there,
);

use std::path::PathBuf;
use std::time::Duration;

use common::{TempDir, fetch, get, request, start_with};
use socket_api::{Config, Io, Running};

const SECRET: &str = "TOP-SECRET-OUTSIDE-BYTES";

/// `root/served/` is served; `root/secret.txt` sits beside it, outside.
fn tree() -> (TempDir, PathBuf) {
    let root = TempDir::new("files");
    let served = root.0.join("served");
    std::fs::create_dir_all(served.join("sub")).unwrap();
    std::fs::create_dir_all(served.join("empty")).unwrap();
    std::fs::write(root.0.join("secret.txt"), SECRET).unwrap();
    std::fs::write(served.join("hello.txt"), "0123456789").unwrap();
    std::fs::write(served.join("sub/index.html"), "<p>sub</p>").unwrap();
    std::fs::write(served.join("%2e%2e"), "a file with an odd name").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(root.0.join("secret.txt"), served.join("leak.txt")).unwrap();
        symlink(&root.0, served.join("up")).unwrap();
        symlink(served.join("hello.txt"), served.join("inside.txt")).unwrap();
        std::fs::create_dir_all(served.join("linked-index")).unwrap();
        symlink(
            root.0.join("secret.txt"),
            served.join("linked-index/index.html"),
        )
        .unwrap();
    }
    (root, served)
}

fn serve(dir: &std::path::Path, io: Io) -> Running {
    start_with(Config {
        header_timeout: Duration::from_secs(2),
        static_dir: dir.to_path_buf(),
        io,
        ..Config::default()
    })
}

fn every_traversal_trick_gets_an_error_and_not_a_byte(io: Io) {
    let (root, served) = tree();
    let server = serve(&served, io);
    let absolute = format!("/static/{}", root.0.join("secret.txt").display());
    let targets = [
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/%2E%2E/secret.txt",
        "/static/.%2e/secret.txt",
        "/static/..%2fsecret.txt",
        "/static/%2e%2e%2fsecret.txt",
        "/static/%2f..%2fsecret.txt",
        "/static/sub/../../secret.txt",
        "/static/sub/%2e%2e/%2e%2e/secret.txt",
        "/static/..\\secret.txt",
        "/static/..%5csecret.txt",
        "/static/%5c..%5csecret.txt",
        "/static//../secret.txt",
        "/static//%2e%2e/secret.txt",
        "/static/hello.txt%00../../secret.txt",
        "/static/%00",
        "/static/%c0%ae%c0%ae/secret.txt",
        "/static/up/secret.txt",
        "/static/up/served/../secret.txt",
        "/static/leak.txt",
        "/static/linked-index/",
        "/static/linked-index/index.html",
        "/static/..",
        "/static/../",
        &absolute,
    ];
    for target in targets {
        // Plain, and with everything that changes how a body is sent.
        for extra in [
            "",
            "Accept-Encoding: gzip\r\nRange: bytes=0-\r\n",
            "Range: bytes=-5\r\n",
        ] {
            for method in ["GET", "HEAD"] {
                let reply = request(server.addr(), method, target, extra);
                let text = String::from_utf8_lossy(&reply.raw);
                assert!(!text.contains(SECRET), "{method} {target} leaked: {text}");
                assert!(
                    !text.contains("TOP-SECRET"),
                    "{method} {target}: part of it leaked: {text}"
                );
                assert!(
                    reply.status == 404 || reply.status == 400,
                    "{method} {target} {extra:?}: {text}"
                );
            }
        }
    }
    // A request line with a raw NUL byte is refused before any route.
    let reply = fetch(
        server.addr(),
        b"GET /static/hello.txt\0/../../secret.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(reply.status, 400);
    assert!(!String::from_utf8_lossy(&reply.raw).contains(SECRET));
    // The secret is still there: the test proved something.
    assert_eq!(
        std::fs::read_to_string(root.0.join("secret.txt")).unwrap(),
        SECRET
    );
}

fn a_link_that_stays_inside_and_an_odd_name_are_served(io: Io) {
    let (_root, served) = tree();
    let server = serve(&served, io);
    #[cfg(unix)]
    assert_eq!(
        get(server.addr(), "/static/inside.txt", "").body,
        b"0123456789"
    );
    // `%252e%252e` is decoded once: the file literally named `%2e%2e`.
    let odd = get(server.addr(), "/static/%252e%252e", "");
    assert_eq!(
        (odd.status, &odd.body[..]),
        (200, &b"a file with an odd name"[..])
    );
}

fn the_shipped_folder_has_a_page_its_css_and_images(io: Io) {
    let server = start_with(Config {
        io,
        ..Config::default()
    });
    for (path, content_type) in [
        ("/static/", "text/html; charset=utf-8"),
        ("/static/index.html", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/image.svg", "image/svg+xml"),
        ("/static/pixels.png", "image/png"),
    ] {
        let reply = get(server.addr(), path, "");
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("Content-Type"), Some(content_type), "{path}");
    }
    let page = get(server.addr(), "/static/", "");
    let page = String::from_utf8_lossy(&page.body);
    assert!(page.contains("style.css") && page.contains("image.svg"));
    let png = get(server.addr(), "/static/pixels.png", "");
    assert!(png.body.starts_with(b"\x89PNG\r\n\x1a\n"));
    let moved = get(server.addr(), "/static", "");
    assert_eq!(moved.status, 307);
    assert_eq!(moved.header("Location"), Some("/static/"));
}

fn media_types_come_from_the_extension(io: Io) {
    let dir = TempDir::new("mime");
    for name in [
        "a.html", "b.CSS", "c.js", "d.json", "e.bin", "Makefile", "f.mp4",
    ] {
        std::fs::write(dir.0.join(name), "x").unwrap();
    }
    let server = serve(&dir.0, io);
    for (name, expected) in [
        ("a.html", "text/html; charset=utf-8"),
        ("b.CSS", "text/css; charset=utf-8"),
        ("c.js", "text/javascript; charset=utf-8"),
        ("d.json", "application/json"),
        ("e.bin", "application/octet-stream"),
        ("Makefile", "application/octet-stream"),
        ("f.mp4", "video/mp4"),
    ] {
        let reply = get(server.addr(), &format!("/static/{name}"), "");
        assert_eq!(reply.header("Content-Type"), Some(expected), "{name}");
    }
}

fn folders_serve_their_index_or_404(io: Io) {
    let (_root, served) = tree();
    let server = serve(&served, io);
    assert_eq!(get(server.addr(), "/static/sub/", "").body, b"<p>sub</p>");
    let moved = get(server.addr(), "/static/sub?x=1", "");
    assert_eq!(moved.status, 307);
    assert_eq!(moved.header("Location"), Some("/static/sub/?x=1"));
    assert!(moved.body.is_empty());
    let moved = get(server.addr(), "/static?x=1", "");
    assert_eq!(moved.header("Location"), Some("/static/?x=1"));
    for missing in [
        "/static/empty/",
        "/static/nothing.txt",
        "/static/hello.txt/",
        "/static/sub/nothing/",
    ] {
        let reply = get(server.addr(), missing, "");
        assert_eq!(reply.status, 404, "{missing}");
        assert_eq!(
            String::from_utf8_lossy(&reply.body),
            format!("404 Not Found: no file for {missing}\n")
        );
    }
    // Only GET and HEAD.
    let post = request(
        server.addr(),
        "POST",
        "/static/hello.txt",
        "Content-Length: 0\r\n",
    );
    assert_eq!(post.status, 405);
    assert_eq!(post.header("Allow"), Some("GET, HEAD"));
}

fn validators_give_304(io: Io) {
    let (_root, served) = tree();
    let server = serve(&served, io);
    let full = get(server.addr(), "/static/hello.txt", "");
    assert_eq!(full.body, b"0123456789");
    assert_eq!(full.header("Accept-Ranges"), Some("bytes"));
    assert_eq!(full.header("Content-Length"), Some("10"));
    let etag = full.header("ETag").unwrap().to_owned();
    let date = full.header("Last-Modified").unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with("-a\""), "{etag}");

    for extra in [
        format!("If-None-Match: {etag}\r\n"),
        format!("If-None-Match: \"other\", W/{etag}\r\n"),
        "If-None-Match: *\r\n".to_owned(),
        format!("If-Modified-Since: {date}\r\n"),
        "If-Modified-Since: Fri, 31 Dec 9999 23:59:59 GMT\r\n".to_owned(),
        // A tag that matches wins over a range, even one out of bounds.
        format!("If-None-Match: {etag}\r\nRange: bytes=100-\r\n"),
    ] {
        let reply = get(server.addr(), "/static/hello.txt", &extra);
        assert_eq!(reply.status, 304, "{extra}");
        assert!(reply.body.is_empty());
        assert_eq!(reply.header("Content-Length"), None);
        assert_eq!(reply.header("ETag"), Some(etag.as_str()));
        assert_eq!(reply.header("Last-Modified"), Some(date.as_str()));
    }
    for extra in [
        // With If-None-Match, If-Modified-Since is ignored (RFC 9110 §13.2.2).
        format!("If-None-Match: \"other\"\r\nIf-Modified-Since: {date}\r\n"),
        "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n".to_owned(),
        "If-Modified-Since: yesterday\r\n".to_owned(),
    ] {
        let reply = get(server.addr(), "/static/hello.txt", &extra);
        assert_eq!(
            (reply.status, &reply.body[..]),
            (200, &b"0123456789"[..]),
            "{extra}"
        );
    }
}

fn head_has_the_get_head_and_no_body(io: Io) {
    let (_root, served) = tree();
    let server = serve(&served, io);
    for (target, extra) in [
        ("/static/hello.txt", ""),
        ("/static/hello.txt", "Range: bytes=2-4\r\n"),
        ("/static/hello.txt", "Range: bytes=20-\r\n"),
        ("/static/sub/", ""),
        ("/static/sub", ""),
        ("/static/nothing", ""),
    ] {
        let got = get(server.addr(), target, extra);
        let head = request(server.addr(), "HEAD", target, extra);
        assert_eq!(head.status, got.status, "{target}");
        assert_eq!(head.fields_but_date(), got.fields_but_date(), "{target}");
        assert!(head.body.is_empty());
        let text = String::from_utf8_lossy(&head.raw);
        assert!(text.ends_with("\r\n\r\n"), "{target}: {text}");
    }
}

fn single_ranges_give_206_and_bad_ones_416(io: Io) {
    let (_root, served) = tree();
    let server = serve(&served, io);
    for (range, status, content_range, body) in [
        ("bytes=2-4", 206, Some("bytes 2-4/10"), "234"),
        ("bytes=7-", 206, Some("bytes 7-9/10"), "789"),
        ("bytes=-3", 206, Some("bytes 7-9/10"), "789"),
        ("bytes=5-100", 206, Some("bytes 5-9/10"), "56789"),
        ("bytes=-100", 206, Some("bytes 0-9/10"), "0123456789"),
        ("bytes=10-", 416, Some("bytes */10"), ""),
        ("bytes=-0", 416, Some("bytes */10"), ""),
        // Ignored, so the whole file (framework_api: 416 for several).
        ("bytes=0-1,4-5", 200, None, "0123456789"),
        ("bytes=4-2", 200, None, "0123456789"),
        ("lines=1-2", 200, None, "0123456789"),
    ] {
        let reply = get(
            server.addr(),
            "/static/hello.txt",
            &format!("Range: {range}\r\n"),
        );
        assert_eq!(reply.status, status, "{range}");
        assert_eq!(reply.header("Content-Range"), content_range, "{range}");
        assert_eq!(
            reply.header("Content-Type"),
            Some("text/plain; charset=utf-8")
        );
        assert_eq!(reply.header("Accept-Ranges"), Some("bytes"));
        assert_eq!(String::from_utf8_lossy(&reply.body), body, "{range}");
        assert_eq!(
            reply.header("Content-Length"),
            Some(body.len().to_string().as_str())
        );
    }
    let full = get(server.addr(), "/static/hello.txt", "");
    let (etag, date) = (
        full.header("ETag").unwrap(),
        full.header("Last-Modified").unwrap(),
    );
    for (if_range, status) in [
        (etag.to_owned(), 206),
        (date.to_owned(), 206),
        ("\"old\"".to_owned(), 200),
        (format!("W/{etag}"), 200),
        ("Sun, 06 Nov 1994 08:49:37 GMT".to_owned(), 200),
    ] {
        let reply = get(
            server.addr(),
            "/static/hello.txt",
            &format!("Range: bytes=2-4\r\nIf-Range: {if_range}\r\n"),
        );
        assert_eq!(reply.status, status, "If-Range: {if_range}");
    }
}

fn a_range_deep_in_a_large_file_is_read_from_there(io: Io) {
    let dir = TempDir::new("large");
    // 3 MiB + 7 of a repeating pattern: many 64 KiB pieces.
    let size = 3 * 1024 * 1024 + 7;
    let content: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    std::fs::write(dir.0.join("big.bin"), &content).unwrap();
    let server = serve(&dir.0, io);
    let whole = get(server.addr(), "/static/big.bin", "");
    assert_eq!(
        whole.header("Content-Length"),
        Some(size.to_string().as_str())
    );
    assert!(whole.body == content);
    let (start, end) = (2_000_000, 2_100_000);
    let part = get(
        server.addr(),
        "/static/big.bin",
        &format!("Range: bytes={start}-{end}\r\n"),
    );
    assert_eq!(part.status, 206);
    assert!(part.body == content[start..=end]);
}
