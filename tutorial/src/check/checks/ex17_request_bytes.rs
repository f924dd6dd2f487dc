//! ex17_request_bytes: random URLs, default ports and not, fragments, queries.

use crate::check::Context;
use crate::check::failure::{Failure, bytes};

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let request = context.implementation.ex17_request_bytes;
    let expect = |case: &str, url: &str, expected: Option<String>| -> Result<(), Failure> {
        let got = request(url);
        let expected = expected.map(String::into_bytes);
        if got == expected {
            return Ok(());
        }
        let show = |r: &Option<Vec<u8>>| r.as_deref().map_or("None".to_string(), bytes);
        Err(Failure {
            case: case.into(),
            input_label: "input",
            input: format!("{url:?}"),
            expected: show(&expected),
            got: show(&got),
            see: None,
        })
    };
    let get = |target: &str, host: &str| {
        Some(format!(
            "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    };
    expect(
        "a plain URL",
        "http://example.com/hello",
        get("/hello", "example.com"),
    )?;
    expect(
        "no path: the target is /",
        "http://example.com",
        get("/", "example.com"),
    )?;
    expect(
        "port 80 is http's default: no :80 in Host",
        "http://example.com:80/a",
        get("/a", "example.com"),
    )?;
    expect(
        "a port of its own goes in Host",
        "http://127.0.0.1:8080/a?x=1",
        get("/a?x=1", "127.0.0.1:8080"),
    )?;
    expect(
        "https's default is 443",
        "https://example.com:443/",
        get("/", "example.com"),
    )?;
    expect(
        "port 80 on https is not the default",
        "https://example.com:80/",
        get("/", "example.com:80"),
    )?;
    expect(
        "a fragment is never sent",
        "http://example.com/a#top",
        get("/a", "example.com"),
    )?;
    expect(
        "a query with no path",
        "http://example.com?q=1",
        get("/?q=1", "example.com"),
    )?;
    expect("ftp is not HTTP", "ftp://example.com/", None)?;
    expect("no host", "http:///a", None)?;
    expect("no scheme", "example.com/a", None)?;
    let rng = &mut context.rng;
    for n in 1..=100 {
        let scheme = *rng.pick(&["http", "https", "HTTP"]);
        let default = if scheme == "https" { 443 } else { 80 };
        let host = format!(
            "{}.{}",
            rng.word().to_lowercase(),
            rng.pick(&["example", "test", "local"])
        );
        let port = match rng.below(3) {
            0 => None,
            1 => Some(default),
            _ => Some(rng.between(1, 65535) as u16),
        };
        let path = match rng.below(3) {
            0 => String::new(),
            _ => (0..rng.between(1, 3))
                .map(|_| format!("/{}", rng.word()))
                .collect(),
        };
        let query = if rng.one_in(2) {
            format!("?{}={}", rng.word(), rng.word())
        } else {
            String::new()
        };
        let fragment = if rng.one_in(3) {
            format!("#{}", rng.word())
        } else {
            String::new()
        };
        let url = format!(
            "{scheme}://{host}{}{path}{query}{fragment}",
            port.map(|p| format!(":{p}")).unwrap_or_default()
        );
        let host_field = match port {
            Some(p) if p != default => format!("{host}:{p}"),
            _ => host,
        };
        let target = format!("{}{query}", if path.is_empty() { "/" } else { &path });
        expect(&format!("random URL #{n}"), &url, get(&target, &host_field))?;
    }
    Ok(())
}
