//! Chapter 12, `client`: two clients, the same server.
//!
//! `get_client` (request bytes by hand) fetches `/old`, is redirected to
//! `/hello`, follows with `-L` on the same connection, then fetches a
//! second URL on it again: `-v` shows each request, each response head and
//! the reuse. reqwest does the same, and a recording server shows the
//! bytes it wrote beside `get_client`'s.

use std::io::Write;
use std::net::TcpStream;
use std::sync::mpsc;

use clap::Parser;
use socket_api::{Request, Response, routes};
use wire::StatusCode;

use super::{DemoResult, OneShot, any_port, read_head, show, step};

pub const ABOUT: &str =
    "get_client and reqwest: request bytes, a redirect followed, a connection reused";

fn moved(_: &Request) -> Response {
    Response::text(StatusCode::MOVED_PERMANENTLY, "moved to /hello\n")
        .with_header("Location", "/hello")
}

fn hello(_: &Request) -> Response {
    Response::text(StatusCode::OK, "Hello")
}

/// The routes of this demo: a redirect and its target.
pub fn redirect_router() -> socket_api::Router {
    routes! {
        GET "/old"   => moved,
        GET "/hello" => hello,
    }
}

/// What a client wrote, recorded by a server that answers `200 OK`.
fn record(
    fetch: impl FnOnce(String) -> Result<(), String>,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let (sender, seen) = mpsc::channel();
    let server = OneShot::start(move |mut stream: TcpStream| {
        let (head, _) = read_head(&mut stream);
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        let _ = sender.send(head);
    })?;
    fetch(format!("http://{}/hello", server.addr))?;
    server.join();
    Ok(seen.recv()?)
}

fn get_client(args: &[&str]) -> Result<(String, String), String> {
    let args =
        get_client::Args::try_parse_from(std::iter::once("get_client").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    get_client::run(&args, &mut stdout, &mut stderr).map_err(|e| e.to_string())?;
    Ok((
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    ))
}

fn reqwest_get(url: &str) -> Result<(u16, String), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        // reqwest's TLS is rustls with no provider chosen: ring, as
        // everywhere in this workspace (a second call changes nothing).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let response = reqwest::get(url).await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        Ok((status, response.text().await.map_err(|e| e.to_string())?))
    })
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    let server = socket_api::Running::start_router(
        any_port(),
        redirect_router(),
        socket_api::Config::default(),
    )?;
    let base = format!("http://{}", server.addr());

    step(
        out,
        "1. get_client -v -L /old /hello: a redirect, then a second URL, one connection",
    )?;
    let (body, verbose) =
        get_client(&["-v", "-L", &format!("{base}/old"), &format!("{base}/hello")])?;
    for line in verbose.lines() {
        writeln!(out, "    {line}")?;
    }
    writeln!(out, "bodies: {body:?}")?;
    writeln!(
        out,
        "301 says where to go (Location: /hello, relative to the URL asked); the same connection"
    )?;
    writeln!(
        out,
        "carried the second request, because the 301 had a Content-Length and no Connection: close."
    )?;

    step(out, "2. reqwest, the same URL")?;
    let (status, text) = reqwest_get(&format!("{base}/old"))?;
    writeln!(
        out,
        "reqwest::get(/old) -> {status} {text:?}: it followed the redirect by itself (up to 10)."
    )?;

    step(out, "3. The request bytes each client writes")?;
    let ours = record(|url| get_client(&[&url]).map(|_| ()))?;
    show(out, "get_client", &ours)?;
    let theirs = record(|url| reqwest_get(&url).map(|_| ()))?;
    show(out, "reqwest", &theirs)?;
    writeln!(
        out,
        "The same request line and Host; reqwest writes names in lower case and sends"
    )?;
    writeln!(out, "no User-Agent unless told. Both are valid HTTP/1.1.")?;
    Ok(())
}
