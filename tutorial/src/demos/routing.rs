//! Chapter 4, `routing`: `routes!` beside axum's `Router`.
//!
//! The same requests to both route tables: a route, a path with no route
//! (404), a method the path does not take (405 with `Allow`). Then "why
//! does the browser send two requests?": after a page, a browser asks for
//! `/favicon.ico`, the tab's icon, and both servers answer 404 until a
//! route for it is added.

use std::io::Write;

use socket_api::{Request, Response, routes};
use wire::StatusCode;

use super::{DemoResult, Servers, WAIT, any_port, ask, connect, step};

pub const ABOUT: &str = "the same route table on both servers: 200, 404, 405 + Allow; /favicon.ico";

const REQUESTS: &[&[u8]] = &[
    b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n",
    b"DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n",
    b"HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n",
];

/// What a browser sends, shortened: the page, then the icon for its tab.
const BROWSER: &[(&str, &str)] = &[
    (
        "/",
        "GET / HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nUser-Agent: Mozilla/5.0\r\n\r\n",
    ),
    (
        "/favicon.ico",
        "GET /favicon.ico HTTP/1.1\r\nHost: x\r\nAccept: image/avif,image/webp,*/*\r\nReferer: http://x/\r\nUser-Agent: Mozilla/5.0\r\n\r\n",
    ),
];

pub fn run(out: &mut dyn Write) -> DemoResult {
    let servers = Servers::start(socket_api::Config::default())?;
    step(out, "1. One table, two servers")?;
    writeln!(out, "{:<28} {:<32} framework_api", "request", "socket_api")?;
    for request in REQUESTS {
        let line =
            String::from_utf8_lossy(request.split(|&b| b == b'\r').next().unwrap_or_default())
                .into_owned();
        let mut cells = Vec::new();
        for (_, addr) in servers.each() {
            let reply = ask(addr, request, WAIT)?.reply()?;
            let allow = reply
                .head
                .headers
                .get("Allow")
                .map(|a| format!(", Allow: {a}"))
                .unwrap_or_default();
            cells.push(format!("{}{allow}", reply.status_line()));
        }
        writeln!(out, "{line:<28} {:<32} {}", cells[0], cells[1])?;
    }
    writeln!(
        out,
        "405 lists what the path takes in Allow (RFC 9110 §15.5.6); HEAD is answered by the GET route."
    )?;

    step(out, "2. Why the browser sends two requests")?;
    for (name, addr) in servers.each() {
        let mut stream = connect(addr)?;
        for (path, request) in BROWSER {
            stream.write_all(request.as_bytes())?;
            let reply = stream.answer("GET", WAIT).reply()?;
            writeln!(
                out,
                "browser -> {name}: GET {path:<13} {}",
                reply.status_line()
            )?;
        }
    }
    servers.stop()?;
    writeln!(
        out,
        "After a page, a browser asks for /favicon.ico to draw the tab's icon, on its own."
    )?;
    writeln!(
        out,
        "The server log shows two lines for one visit; the 404 is harmless. The fix: a route"
    )?;
    writeln!(
        out,
        "for it, or <link rel=\"icon\" href=\"data:,\"> in the page so the browser asks for nothing."
    )?;

    let fixed = socket_api::Running::start_router(
        any_port(),
        routes! {
            GET "/"            => page,
            GET "/favicon.ico" => icon,
        },
        socket_api::Config::default(),
    )?;
    let mut stream = connect(fixed.addr())?;
    for (path, request) in BROWSER {
        stream.write_all(request.as_bytes())?;
        let reply = stream.answer("GET", WAIT).reply()?;
        let kind = reply
            .head
            .headers
            .get("Content-Type")
            .unwrap_or("-")
            .to_string();
        writeln!(
            out,
            "browser -> socket_api with a favicon route: GET {path:<13} {} ({kind})",
            reply.status_line()
        )?;
    }
    Ok(())
}

fn page(_: &Request) -> Response {
    Response::new(
        StatusCode::OK,
        socket_api::response::TEXT_HTML,
        "<h1>Hello</h1>",
    )
}

/// A one-circle icon: SVG is text, so the demo needs no image file.
fn icon(_: &Request) -> Response {
    Response::new(
        StatusCode::OK,
        "image/svg+xml",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7"/></svg>"#,
    )
}
