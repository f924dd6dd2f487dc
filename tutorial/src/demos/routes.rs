//! Chapter 19, `routes`: path parameters, redirects, status codes,
//! cookies and the mirror, on both servers.
//!
//! `/echo/{text}` with percent-encoded UTF-8; `/redirect/3` followed by
//! `get_client -L` (its `-v` lines); a POST to `/redirect-to` with 303,
//! after which the client asks with GET; `/status/204` (no body, no
//! length) and `/status/418` (not in the table); a cookie set and sent
//! back; and `/mirror`, where the two servers differ on purpose: header
//! names as sent beside hyper's lower case, and socket_api's `?raw=1`.
//! Then the question "why is my é two letters?": a NAIVE decoder turns
//! each `%XX` into a character instead of a byte.

use std::io::Write;

use wire::show::visible;

use super::{DemoResult, Servers, WAIT, ask, get, get_client, post_client, show, step};

pub const ABOUT: &str =
    "/echo/{text}, redirects with -L, 303 after a POST, /status, cookies, /mirror and ?raw=1";

const ECHO: &str = "/echo/h%C3%A9llo%20w%C3%B6rld";

/// The `-v` lines worth reading here: the request lines, the status
/// lines and where each redirect points.
fn verbose_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.starts_with("> GET")
                || l.starts_with("> POST")
                || l.starts_with("< HTTP/")
                || l.to_ascii_lowercase().starts_with("< location:")
        })
        .collect()
}

/// The `"name":value` field of a compact JSON object, by searching for
/// `"name":` (enough for the mirror's fixed shape; a real client parses).
fn json_field<'a>(json: &'a str, name: &str, next: &str) -> &'a str {
    let start = json
        .find(&format!("\"{name}\":"))
        .map_or(json.len(), |i| i + name.len() + 3);
    let rest = &json[start..];
    let end = rest.find(&format!(",\"{next}\":")).unwrap_or(rest.len());
    &rest[..end]
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    let servers = Servers::start(socket_api::Config::default())?;
    let mut echoed = String::new();
    for (name, addr) in servers.each() {
        let base = format!("http://{addr}");
        step(
            out,
            &format!("{name}: a path parameter, redirects, status codes"),
        )?;
        let echo = get(addr, ECHO, "")?;
        writeln!(
            out,
            "GET {ECHO} -> {}, body {} = {:?}",
            echo.status_line(),
            visible(&echo.body),
            String::from_utf8_lossy(&echo.body)
        )?;
        echoed = String::from_utf8_lossy(&echo.body).into_owned();

        let run = get_client(&["-v", "-L", &format!("{base}/redirect/3")])?;
        writeln!(out, "get_client -v -L {base}/redirect/3:")?;
        for line in verbose_lines(&run.stderr) {
            writeln!(out, "    {line}")?;
        }
        writeln!(out, "    body: {:?}", run.stdout)?;

        let target = format!("{base}/redirect-to?url=/mirror&status=303");
        let run = post_client(&["-v", "-L", &target, "city=Ulm"])?;
        writeln!(out, "post_client -v -L {target} city=Ulm:")?;
        for line in verbose_lines(&run.stderr) {
            writeln!(out, "    {line}")?;
        }
        writeln!(
            out,
            "    the mirror saw method {} and body {}: a 303 says \"GET the answer over there\".",
            json_field(&run.stdout, "method", "target"),
            json_field(&run.stdout, "body", "body_encoding")
        )?;

        for code in ["204", "418"] {
            let request = format!("GET /status/{code} HTTP/1.1\r\nHost: x\r\n\r\n");
            let reply = ask(addr, request.as_bytes(), WAIT)?.reply()?;
            writeln!(
                out,
                "GET /status/{code} -> {}, Content-Length: {}, body {:?}",
                reply.status_line(),
                reply.head.headers.get("Content-Length").unwrap_or("none"),
                String::from_utf8_lossy(&reply.body)
            )?;
            if code == "204" {
                show(out, "the 204, every byte", &reply.bytes())?;
            }
        }

        step(out, &format!("{name}: cookies"))?;
        let set = get(addr, "/cookies/set?theme=dark", "")?;
        let cookie = set.head.headers.get("Set-Cookie").unwrap_or("-");
        writeln!(
            out,
            "GET /cookies/set?theme=dark -> {}, Location: {}\n    Set-Cookie: {cookie}",
            set.status_line(),
            set.head.headers.get("Location").unwrap_or("-")
        )?;
        // A browser sends back the name=value part, not the attributes.
        let pair = cookie.split(';').next().unwrap_or("");
        let back = get(addr, "/cookies", &format!("Cookie: {pair}\r\n"))?;
        writeln!(
            out,
            "GET /cookies with Cookie: {pair} -> {}, {}",
            back.status_line(),
            String::from_utf8_lossy(&back.body)
        )?;

        step(out, &format!("{name}: /mirror"))?;
        let request =
            b"GET /mirror?a=1&b=x+y HTTP/1.1\r\nHost: x\r\nX-Trace-Id: 42\r\nAccept: */*\r\n\r\n";
        let mirror = ask(addr, request, WAIT)?.reply()?;
        let json = String::from_utf8_lossy(&mirror.body).into_owned();
        writeln!(out, "query:   {}", json_field(&json, "query", "version"))?;
        writeln!(out, "headers: {}", json_field(&json, "headers", "cookies"))?;
        let raw = get(addr, "/mirror?raw=1", "X-Trace-Id: 42\r\n")?;
        if raw.head.headers.get("Content-Type") == Some("application/json") {
            writeln!(
                out,
                "GET /mirror?raw=1 -> {}, JSON again: hyper keeps no copy of the bytes it parsed",
                raw.status_line()
            )?;
        } else {
            show(
                out,
                &format!(
                    "GET /mirror?raw=1 -> {}, the exact bytes it read",
                    raw.status_line()
                ),
                &raw.body,
            )?;
        }
    }
    servers.stop()?;
    writeln!(
        out,
        "\nThe named differences: socket_api shows header names as sent (X-Trace-Id), hyper"
    )?;
    writeln!(
        out,
        "lower-cases them (x-trace-id); both are right, as names are case-insensitive."
    )?;

    step(out, "NAIVE percent-decoding: each %XX taken as a character")?;
    writeln!(
        out,
        "{ECHO} -> NAIVE {:?}, both servers {echoed:?}",
        naive_decode(ECHO.trim_start_matches("/echo/")),
    )?;
    writeln!(
        out,
        "%C3%A9 is two bytes of one UTF-8 character (é); taken one by one as characters they"
    )?;
    writeln!(
        out,
        "become Ã and ©. Decode %XX to bytes first, then read the bytes as UTF-8."
    )?;
    Ok(())
}

/// Wrong on purpose: `%XX` becomes the character U+00XX.
fn naive_decode(text: &str) -> String {
    let mut decoded = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let hex = rest
            .get(1..3)
            .filter(|_| c == '%')
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(byte) => {
                decoded.push(char::from(byte));
                rest = &rest[3..];
            }
            None => {
                decoded.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    decoded
}
