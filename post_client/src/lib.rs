//! # post_client: an HTTP POST by hand
//!
//! The same small curl as `get_client`, now with a body: the form fields
//! given as `NAME=VALUE` are urlencoded (as a browser encodes a `<form>`),
//! or the body comes from `-d`, `--data-urlencode`, `--json` or `-F`
//! (multipart, by hand); the head announces the body's type and length,
//! and the body's bytes follow the head. The response is read by its
//! framing, as before. The tour sets it beside reqwest's `.form(...)`,
//! which does the same out of sight.
//!
//! | module         | what it holds                                                          |
//! |----------------|------------------------------------------------------------------------|
//! | [`cli`]        | [`Args`]: curl's flag names, and the URL-or-field rule for arguments   |
//! | [`body`]       | [`Body`]: what `-d`, `--data-urlencode`, `--json` and `-F` make         |
//! | [`multipart`]  | `multipart/form-data`, byte by byte                                    |
//! | [`request`]    | [`request_bytes`]: the head and the body, written out                  |
//!
//! Connecting, reading the response, the kept connection, `-L`, `-f`, `-m`,
//! `-o` and what is printed are the same as for `get_client`, and written
//! once, in [`raw_client`]. What a body adds there is one thing: with
//! `Expect: 100-continue` the body waits for the server's go-ahead (see
//! [`raw_client::connection`]).
//!
//! [`run`] is what the binary does: the request, and with `-L` its
//! redirects (a `303`, and a `301`/`302` after a POST, become a GET without
//! the body; `307`/`308` send the body again). [`raw_client::send`] is one exchange for
//! a program that wants the response as a value (the tour, the tests):
//!
//! ```no_run
//! use post_client::body::Body;
//! let url = wire::HttpUrl::parse("http://127.0.0.1:8080/api")?;
//! let body = Body::form(&[("name".to_string(), "knsock".to_string())]);
//! let request = post_client::request_bytes("POST", &url, Some(&body), &[]);
//! let exchange = raw_client::send(&url, "POST", &request)?;
//! println!("{} {}", exchange.head.status, String::from_utf8_lossy(&exchange.body));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod body;
pub mod cli;
pub mod multipart;
pub mod request;

use std::io::Write;

use raw_client::{NextRequest, Request, Session};

pub use body::Body;
pub use cli::Args;
pub use raw_client::ClientError;
pub use request::request_bytes;

/// Posts as the command line asks: the body to the URL, the answer's body
/// (and with `-i` its head) to stdout or the `-o` file, and with `-v` or
/// `--trace` the conversation to stderr.
pub fn run(
    args: &Args,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> Result<(), ClientError> {
    let (url, pairs) = args.url_and_pairs()?;
    let body = Body::from_args(args, &pairs)?;
    let print = args.common.print_options();
    let mut session = Session::new("post_client", &args.common, print);
    // The body goes with every request, unless a redirect drops it (a 303,
    // or a 301/302 after a POST): then the request is a head alone.
    let make = |next: NextRequest<'_>| {
        let body = next.with_body.then_some(&body);
        Request {
            bytes: request_bytes(next.method, next.url, body, next.headers),
            body_len: body.map_or(0, |b| b.bytes.len()),
        }
    };
    session.run(args.method(), &[url], make, stdout, stderr)
}
