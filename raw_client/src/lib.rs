//! # raw_client: what both raw clients share
//!
//! `get_client` and `post_client` are two small curls. What makes them
//! different is the request they write, and each keeps that in its own
//! `request.rs`, where a learner can read it. Everything else a client does
//! is the same for both, and lives here once: curl's flags, connecting
//! (TCP, TLS, deadlines), the loop that reads a response by its framing,
//! the session that keeps a connection and follows redirects, what is
//! printed, and which exit code each failure gets. The protocol itself
//! (heads, framing, the response reader) is [`wire`]'s; this crate is the
//! I/O and the command line around it.
//!
//! | module           | what it holds                                                          | see               |
//! |------------------|------------------------------------------------------------------------|-------------------|
//! | [`curl_args`]    | [`CommonArgs`]: the flags both clients take, as curl names them        | curl(1)           |
//! | [`headers`]      | `-H` and `-X` read as curl reads them; a user's header replaces a default | curl(1) `-H`   |
//! | [`error`]        | [`ClientError`]: every way a request fails, and curl's exit code for it | curl(1) EXIT CODES |
//! | [`tls`]          | a rustls `ClientConfig` from the roots to trust, or `-k`               | RFC 8446, 9110 §4.3.4 |
//! | [`transport`]    | [`transport::connect`]: TCP, TLS around it, deadlines                  | RFC 9110 §4.2     |
//! | [`exchange`]     | [`ResponsePart`]s as the read loop hands them over; a whole [`Exchange`] | -               |
//! | [`connection`]   | [`read_response`]: the read loop, the body sent while it watches for an answer, `Expect: 100-continue`; [`send`] | RFC 9112 §6.3     |
//! | [`redirect`]     | `-L`: which `3xx` to follow, and what to send next                     | RFC 9110 §15.4    |
//! | [`output`]       | [`output::OutputFile`]: `-o`, a file made by the first byte, not before | curl(1) `-o`     |
//! | [`printer`]      | what a client prints: `-i`, `-v`, `--trace`, `-f`, `--compressed`      | RFC 9110 §8.4     |
//! | [`session`]      | [`Session`]: every URL in turn, a kept connection, `-L`, `-f`, `-m`, `-o` | curl(1)        |
//!
//! A client's `run` is a few lines: parse its own flags, then hand
//! [`Session::run`] the URLs and a function that writes its request.
//!
//! ```no_run
//! use raw_client::{CommonArgs, Request, Session};
//! let common = CommonArgs::default();
//! let url = wire::HttpUrl::parse("http://127.0.0.1:8080/hello")?;
//! let mut session = Session::new("example", &common, common.print_options());
//! session.run(
//!     "GET",
//!     &[url],
//!     |next| Request::head_only(format!("GET {} HTTP/1.1\r\nHost: {}\r\n\r\n",
//!                                       next.url.target, next.url.authority()).into_bytes()),
//!     &mut std::io::stdout(),
//!     &mut std::io::stderr(),
//! )?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod connection;
pub mod curl_args;
pub mod error;
pub mod exchange;
pub mod headers;
pub mod output;
pub mod printer;
pub mod redirect;
pub mod session;
pub mod tls;
pub mod transport;

pub use connection::{Outcome, read_response, send};
pub use curl_args::CommonArgs;
pub use error::ClientError;
pub use exchange::{Exchange, ResponsePart};
pub use session::{NextRequest, Request, Session};
