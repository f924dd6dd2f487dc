//! # post_client: an HTTP POST by hand
//!
//! The same small curl as `get_client`, now with a body: the form fields
//! given as `NAME=VALUE` are urlencoded (as a browser encodes a `<form>`),
//! the head announces the body's type and length, and the body's bytes
//! follow the head. The response is read by its framing, as before. The
//! tour sets it beside reqwest's `.form(...)`, which does the same out of
//! sight.
//!
//! | module         | what it holds                                                          |
//! |----------------|------------------------------------------------------------------------|
//! | [`cli`]        | [`Args`]: curl's flag names, and the URL-or-field rule for arguments   |
//! | [`request`]    | [`request_bytes`]: the head and the form body, written out             |
//! | [`connection`] | [`connect`], [`read_response`] (the read loop) and [`send`]             |
//!
//! [`run`] is what the binary does; [`send`] is the same exchange for a
//! program that wants the response as a value (the tour, the tests):
//!
//! ```no_run
//! let url = wire::HttpUrl::parse("http://127.0.0.1:8080/api")?;
//! let pairs = [("name".to_string(), "knsock".to_string())];
//! let request = post_client::request_bytes("POST", &url, &pairs, &[]);
//! let exchange = post_client::send(&url, "POST", &request)?;
//! println!("{} {}", exchange.head.status, String::from_utf8_lossy(&exchange.body));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod cli;
pub mod connection;
pub mod multipart;
pub mod request;

use std::io::Write;

use wire::client::ResponsePart;

pub use cli::Args;
pub use connection::{connect, read_response, send};
pub use request::{form_body, request_bytes};
pub use wire::client::Exchange;
pub use wire::client_error::ClientError;

/// Posts the fields to the URL as the command line asks: the response body
/// (and with `-i` its head) to `stdout`, and with `-v` the conversation to
/// `stderr`. The body is written as it arrives, with no newline added.
pub fn run(
    args: &Args,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> Result<(), ClientError> {
    let (url, pairs) = args.url_and_pairs()?;
    let method = args.method();
    let request = request_bytes(method, &url, &pairs, &args.headers);

    let mut stream = connect(&url)?;
    if args.verbose {
        let peer = stream
            .peer_addr()
            .map_or(url.authority(), |a| a.to_string());
        // Like curl -v: the head line by line, and only the body's size.
        let (head, body) = wire::show::split_head(&request);
        let mut shown = format!(
            "* connected to {peer}\n{}",
            wire::show::head_lines("> ", head)
        );
        if !body.is_empty() {
            shown += &format!("* upload completely sent off: {} bytes\n", body.len());
        }
        stderr
            .write_all(shown.as_bytes())
            .map_err(ClientError::Output)?;
    }
    stream.write_all(&request).map_err(ClientError::Send)?;

    let keep_alive = read_response(&mut stream, method, |part| {
        show(part, args, stdout, stderr).map_err(ClientError::Output)
    })?;
    if args.verbose {
        let end = if keep_alive {
            "* keep-alive: the connection could carry another request\n"
        } else {
            "* the server ends the connection after this response\n"
        };
        stderr
            .write_all(end.as_bytes())
            .map_err(ClientError::Output)?;
    }
    stdout.flush().map_err(ClientError::Output)
}

/// Writes one piece of the response where the flags say it goes.
fn show(
    part: ResponsePart<'_>,
    args: &Args,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> std::io::Result<()> {
    match part {
        // An interim head (100 Continue) is shown like the final one, as
        // curl does with -v and -i.
        ResponsePart::Interim { raw, .. } | ResponsePart::Head { raw, .. } => {
            if args.verbose {
                stderr.write_all(wire::show::head_lines("< ", raw).as_bytes())?;
            }
            if args.include {
                stdout.write_all(raw)?;
            }
            Ok(())
        }
        ResponsePart::Body(bytes) => stdout.write_all(bytes),
    }
}
