//! # get_client: an HTTP GET by hand
//!
//! A small curl: it forms the request's bytes itself, writes them to a
//! `TcpStream`, and reads the response by its framing with
//! [`wire::ResponseReader`]. Nothing is hidden: `-v` shows every byte of the
//! request and every line of the response head. The tour sets it beside
//! reqwest, which does the same work out of sight.
//!
//! | module         | what it holds                                                   |
//! |----------------|-----------------------------------------------------------------|
//! | [`cli`]        | [`Args`]: the flags, named as curl names them                   |
//! | [`request`]    | [`request_bytes`]: the request line and header fields, written out |
//! | [`connection`] | [`connect`], [`read_response`] (the read loop) and [`send`]      |
//!
//! [`run`] is what the binary does; [`send`] is the same exchange for a
//! program that wants the response as a value (the tour, the tests):
//!
//! ```no_run
//! let url = wire::HttpUrl::parse("http://127.0.0.1:8080/api?name=knsock")?;
//! let request = get_client::request_bytes("GET", &url, &[]);
//! let exchange = get_client::send(&url, "GET", &request)?;
//! println!("{} {}", exchange.head.status, String::from_utf8_lossy(&exchange.body));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod cli;
pub mod connection;
pub mod request;

use std::io::Write;

use wire::client::ResponsePart;

pub use cli::Args;
pub use connection::{connect, read_response, send};
pub use request::request_bytes;
pub use wire::client::Exchange;
pub use wire::client_error::ClientError;

/// Fetches `args.url` as the command line asks: the body (and with `-i`
/// the head) to `stdout`, and with `-v` the conversation to `stderr`.
/// The body is written as it arrives, byte for byte, with no newline added.
pub fn run(
    args: &Args,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> Result<(), ClientError> {
    let url = args.url()?;
    let method = args.method();
    let request = request_bytes(method, &url, &args.headers);

    let mut stream = connect(&url)?;
    if args.verbose {
        let peer = stream
            .peer_addr()
            .map_or(url.authority(), |a| a.to_string());
        let shown = format!(
            "* connected to {peer}\n{}",
            wire::show::head_lines("> ", &request)
        );
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
            if args.include() {
                stdout.write_all(raw)?;
            }
            Ok(())
        }
        ResponsePart::Body(bytes) => stdout.write_all(bytes),
    }
}
