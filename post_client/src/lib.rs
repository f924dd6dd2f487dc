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
//! | [`transport`]  | [`transport::connect`]: TCP, TLS around it, deadlines                  |
//! | [`connection`] | [`read_response`] (the read loop) and [`send`]                         |
//!
//! [`run`] is what the binary does: the request, and with `-L` its
//! redirects (a `303`, and a `301`/`302` after a POST, become a GET without
//! the body; `307`/`308` send the body again). [`send`] is one exchange for
//! a program that wants the response as a value (the tour, the tests):
//!
//! ```no_run
//! use post_client::body::Body;
//! let url = wire::HttpUrl::parse("http://127.0.0.1:8080/api")?;
//! let body = Body::form(&[("name".to_string(), "knsock".to_string())]);
//! let request = post_client::request_bytes("POST", &url, Some(&body), &[]);
//! let exchange = post_client::send(&url, "POST", &request)?;
//! println!("{} {}", exchange.head.status, String::from_utf8_lossy(&exchange.body));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod body;
pub mod cli;
pub mod connection;
pub mod multipart;
pub mod request;
pub mod transport;

use std::fs::File;
use std::io::Write;
use std::time::Instant;

use wire::HttpUrl;
use wire::client::ResponsePart;
use wire::printer::{Printed, Printer};
use wire::url::Scheme;

pub use body::Body;
pub use cli::Args;
pub use connection::{Outcome, read_response, send};
pub use request::request_bytes;
pub use wire::client::Exchange;
pub use wire::client_error::ClientError;

use transport::{ConnectOptions, Stream, connect};

/// Posts as the command line asks: the body to the URL, the answer's body
/// (and with `-i` its head) to stdout or the `-o` file, and with `-v` or
/// `--trace` the conversation to stderr.
pub fn run(
    args: &Args,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> Result<(), ClientError> {
    let common = &args.common;
    let (url, pairs) = args.url_and_pairs()?;
    let body = Body::from_args(args, &pairs)?;
    let options = ConnectOptions {
        connect_timeout: common.connect_timeout,
        tls: None,
    };
    let mut session = Session {
        options,
        printer: Printer::new(common.print_options()),
        kept: None,
        deadline: None,
        args,
    };
    match common.outputs.first() {
        Some(path) => {
            let mut file = File::create(path).map_err(ClientError::Output)?;
            session.transfer(&url, body, &mut file, stderr)?;
            file.flush().map_err(ClientError::Output)?;
        }
        None => session.transfer(&url, body, stdout, stderr)?,
    }
    stdout.flush().map_err(ClientError::Output)
}

/// What lasts from one request to the next: the settings, the printer,
/// and the connection kept open for the next URL.
struct Session<'a> {
    args: &'a Args,
    options: ConnectOptions,
    printer: Printer,
    /// The open connection and the `scheme://host:port` it goes to.
    kept: Option<(String, Stream)>,
    /// When the transfer under way must be over (`-m`).
    deadline: Option<Instant>,
}

impl Session<'_> {
    /// One request, following redirects with `-L`.
    fn transfer(
        &mut self,
        first: &HttpUrl,
        body: Body,
        out: &mut impl Write,
        stderr: &mut impl Write,
    ) -> Result<(), ClientError> {
        let common = &self.args.common;
        // `-m` limits each URL's whole transfer, redirects included.
        self.deadline = common.max_time.map(|t| Instant::now() + t);
        let mut url = first.clone();
        let mut method = self.args.method().to_string();
        let mut headers = common.headers.clone();
        if common.compressed
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("Accept-Encoding"))
        {
            headers.push(("Accept-Encoding".into(), "gzip, deflate".into()));
        }
        let mut body = Some(body);
        let mut redirects = 0;
        loop {
            let request = request_bytes(&method, &url, body.as_ref(), &headers);
            let body_len = body.as_ref().map_or(0, |b| b.bytes.len());
            let outcome = self.exchange(&url, &method, &request, body_len, out, stderr)?;
            if let Some((next_url, next_method, keep_body)) =
                self.redirect(&url, &method, &outcome)?
            {
                if redirects == common.max_redirs {
                    return Err(ClientError::TooManyRedirects {
                        max: common.max_redirs,
                    });
                }
                redirects += 1;
                self.note(stderr, &format!("following the redirect to {next_url}"))?;
                (url, method) = (next_url, next_method);
                if !keep_body {
                    body = None;
                }
                continue;
            }
            if common.fail && outcome.head.status >= 400 {
                return Err(ClientError::HttpStatus {
                    status: outcome.head.status,
                    reason: outcome.head.reason,
                });
            }
            return Ok(());
        }
    }

    /// A line about the connection on stderr, with `-v` or `--trace`.
    fn note(&self, stderr: &mut impl Write, text: &str) -> Result<(), ClientError> {
        write_err(stderr, &self.printer.note(text).stderr)
    }

    /// The TLS settings, made the first time an `https://` URL needs them
    /// (reading the system's CAs is not free, and plain HTTP never needs it).
    fn prepare_tls(&mut self, url: &HttpUrl, stderr: &mut impl Write) -> Result<(), ClientError> {
        let common = &self.args.common;
        if url.scheme != Scheme::Https || self.options.tls.is_some() {
            return Ok(());
        }
        if common.insecure && !common.silent {
            write_err(
                stderr,
                "post_client: warning: -k: the server's certificate is not checked\n",
            )?;
        }
        self.options.tls = Some(transport::tls_config(
            common.cacert.as_deref(),
            common.insecure,
        )?);
        Ok(())
    }

    /// With `-L`: the next URL and method, if this answer is a redirect to follow.
    /// The third value says whether the body goes with it (`307`, `308`).
    fn redirect(
        &self,
        url: &HttpUrl,
        method: &str,
        outcome: &Outcome,
    ) -> Result<Option<(HttpUrl, String, bool)>, ClientError> {
        if !self.args.common.location {
            return Ok(None);
        }
        let Some((next, location)) = wire::redirect::follow(&outcome.head, method) else {
            return Ok(None);
        };
        let next_url = url.join(location).map_err(ClientError::BadUrl)?;
        Ok(Some((next_url, next.method, next.keep_body)))
    }

    /// Sends one request and reads its answer, on the kept connection if it
    /// goes to the same place (a redirect to the same server). A kept connection the server has closed in
    /// the meantime is noticed (nothing comes back) and replaced, once.
    fn exchange(
        &mut self,
        url: &HttpUrl,
        method: &str,
        request: &[u8],
        body_len: usize,
        out: &mut impl Write,
        stderr: &mut impl Write,
    ) -> Result<Outcome, ClientError> {
        let key = format!("{}://{}:{}", url.scheme.as_str(), url.host, url.port);
        let common = &self.args.common;
        loop {
            let (mut stream, reused) = match self.kept.take() {
                Some((kept_key, stream)) if kept_key == key => (stream, true),
                _ => {
                    self.prepare_tls(url, stderr)?;
                    (connect(url, &self.options, self.deadline)?, false)
                }
            };
            stream.set_deadline(self.deadline)?;
            write_err(
                stderr,
                &self.printer.connected(&stream.peer(), reused).stderr,
            )?;
            let (head, body) = request.split_at(request.len() - body_len);
            // With `Expect: 100-continue` only the head goes now; the body
            // waits for the server's go-ahead (see `read_response`).
            let expects = String::from_utf8_lossy(head)
                .to_ascii_lowercase()
                .contains("\r\nexpect: 100-continue\r\n");
            let (now, held) = if expects && !body.is_empty() {
                write_err(stderr, &self.printer.request(head, &[]).stderr)?;
                let note = format!(
                    "holding the {}-byte body until the server says 100 Continue",
                    body.len()
                );
                self.note(stderr, &note)?;
                (head, Some(body))
            } else {
                write_err(stderr, &self.printer.request(head, body).stderr)?;
                (request, None)
            };
            let sent = stream.write_all(now).and_then(|()| stream.flush());
            if let Err(e) = sent {
                if reused {
                    self.note(stderr, "the kept connection was closed; connecting again")?;
                    continue;
                }
                return Err(ClientError::Send(e));
            }
            let location = common.location;
            let printer = &mut self.printer;
            let read = read_response(
                &mut stream,
                self.deadline,
                held,
                method,
                common.trace,
                |part, traced| {
                    if let ResponsePart::Head { head, .. } = part {
                        let followed = location && wire::redirect::follow(head, method).is_some();
                        printer.start_body(head, followed);
                    }
                    let printed = printer
                        .response(part, traced)
                        .map_err(|e| ClientError::Decode(e.to_string()))?;
                    emit(&printed, out, stderr)
                },
            )?;
            let Some(outcome) = read else {
                if reused {
                    self.note(stderr, "the kept connection was closed; connecting again")?;
                    continue;
                }
                // Connected, sent, and the server closed without a word.
                return Err(ClientError::Response(wire::Error::UnexpectedEof));
            };
            let printed = self
                .printer
                .finish()
                .map_err(|e| ClientError::Decode(e.to_string()))?;
            emit(&printed, out, stderr)?;
            if outcome.keep_alive {
                self.note(
                    stderr,
                    "keep-alive: the connection could carry another request",
                )?;
                self.kept = Some((key, stream));
            } else {
                self.note(stderr, "the server ends the connection after this response")?;
            }
            return Ok(outcome);
        }
    }
}

fn emit(
    printed: &Printed,
    out: &mut impl Write,
    stderr: &mut impl Write,
) -> Result<(), ClientError> {
    out.write_all(&printed.stdout)
        .map_err(ClientError::Output)?;
    write_err(stderr, &printed.stderr)
}

fn write_err(stderr: &mut impl Write, text: &str) -> Result<(), ClientError> {
    if text.is_empty() {
        return Ok(());
    }
    stderr
        .write_all(text.as_bytes())
        .map_err(ClientError::Output)
}
