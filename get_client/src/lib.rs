//! # get_client: an HTTP GET by hand
//!
//! A small curl: it forms the request's bytes itself, writes them to a
//! `TcpStream` (wrapped in TLS for `https://`), and reads the response by
//! its framing with [`wire::ResponseReader`]. Nothing is hidden: `-v` shows
//! every byte of the request and every line of the response head, and
//! `--trace` labels every byte both ways. The tour sets it beside reqwest,
//! which does the same work out of sight.
//!
//! | module         | what it holds                                                        |
//! |----------------|----------------------------------------------------------------------|
//! | [`cli`]        | [`Args`]: the flags, named as curl names them                        |
//! | [`request`]    | [`request_bytes`]: the request line and header fields, written out   |
//!
//! That is all that is get_client's own. Connecting, reading the response,
//! the kept connection, `-L`, `-f`, `-m`, `-o` and what is printed are the
//! same for `post_client`, so they are written once, in [`raw_client`].
//!
//! [`run`] is what the binary does: every URL in turn, one connection kept
//! for URLs to the same host and port, redirects followed with `-L`. [`raw_client::send`]
//! is one exchange for a program that wants the response as a value (the
//! tour, the tests):
//!
//! ```no_run
//! let url = wire::HttpUrl::parse("http://127.0.0.1:8080/api?name=knsock")?;
//! let request = get_client::request_bytes("GET", &url, &[]);
//! let exchange = raw_client::send(&url, "GET", &request)?;
//! println!("{} {}", exchange.head.status, String::from_utf8_lossy(&exchange.body));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod cli;
pub mod request;

use std::io::Write;

use raw_client::{Request, Session};
use wire::HttpUrl;

pub use cli::Args;
pub use raw_client::ClientError;
pub use request::request_bytes;

/// Fetches every URL on the command line: bodies (and with `-i` heads) to
/// stdout or the `-o` files, and with `-v` or `--trace` the conversation to
/// stderr. Bodies are written as they arrive, byte for byte.
pub fn run(
    args: &Args,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> Result<(), ClientError> {
    let urls = args
        .urls
        .iter()
        .map(|u| HttpUrl::parse(u).map_err(ClientError::BadUrl))
        .collect::<Result<Vec<_>, _>>()?;
    let mut print = args.common.print_options();
    // -I shows the head: there is no body to show.
    print.include |= args.head;
    let mut session = Session::new("get_client", &args.common, print);
    // Whatever the redirects, a GET's request is only a head.
    let make = |next: raw_client::NextRequest<'_>| {
        Request::head_only(request_bytes(next.method, next.url, next.headers))
    };
    session.run(args.method(), &urls, make, stdout, stderr)
}
