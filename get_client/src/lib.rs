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
//! | [`transport`]  | [`transport::connect`]: TCP, TLS around it, deadlines                |
//! | [`connection`] | [`read_response`] (the read loop) and [`send`]                       |
//!
//! [`run`] is what the binary does: every URL in turn, one connection kept
//! for URLs to the same host and port, redirects followed with `-L`. [`send`]
//! is one exchange for a program that wants the response as a value (the
//! tour, the tests):
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
pub mod transport;

use std::fs::File;
use std::io::Write;
use std::time::Instant;

use wire::HttpUrl;
use wire::client::ResponsePart;
use wire::printer::{Printed, Printer};
use wire::url::Scheme;

pub use cli::Args;
pub use connection::{Outcome, read_response, send};
pub use request::request_bytes;
pub use wire::client::Exchange;
pub use wire::client_error::ClientError;

use transport::{ConnectOptions, Stream, connect};

/// Fetches every URL on the command line: bodies (and with `-i` heads) to
/// stdout or the `-o` files, and with `-v` or `--trace` the conversation to
/// stderr. Bodies are written as they arrive, byte for byte.
pub fn run(
    args: &Args,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> Result<(), ClientError> {
    let common = &args.common;
    let urls = args
        .urls
        .iter()
        .map(|u| HttpUrl::parse(u).map_err(ClientError::BadUrl))
        .collect::<Result<Vec<_>, _>>()?;
    let options = ConnectOptions {
        connect_timeout: common.connect_timeout,
        tls: None,
    };
    let mut print = common.print_options();
    print.include |= args.head;
    let mut session = Session {
        options,
        printer: Printer::new(print),
        kept: None,
        deadline: None,
        args,
    };
    for (i, url) in urls.iter().enumerate() {
        match common.outputs.get(i) {
            Some(path) => {
                let mut file = File::create(path).map_err(ClientError::Output)?;
                session.transfer(url, &mut file, stderr)?;
                file.flush().map_err(ClientError::Output)?;
            }
            None => session.transfer(url, stdout, stderr)?,
        }
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
    /// One URL, following redirects with `-L`.
    fn transfer(
        &mut self,
        first: &HttpUrl,
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
        let mut redirects = 0;
        loop {
            let request = request_bytes(&method, &url, &headers);
            let outcome = self.exchange(&url, &method, &request, out, stderr)?;
            if let Some((next_url, next_method)) = self.redirect(&url, &method, &outcome)? {
                if redirects == common.max_redirs {
                    return Err(ClientError::TooManyRedirects {
                        max: common.max_redirs,
                    });
                }
                redirects += 1;
                self.note(stderr, &format!("following the redirect to {next_url}"))?;
                (url, method) = (next_url, next_method);
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
                "get_client: warning: -k: the server's certificate is not checked\n",
            )?;
        }
        self.options.tls = Some(transport::tls_config(
            common.cacert.as_deref(),
            common.insecure,
        )?);
        Ok(())
    }

    /// With `-L`: the next URL and method, if this answer is a redirect to follow.
    fn redirect(
        &self,
        url: &HttpUrl,
        method: &str,
        outcome: &Outcome,
    ) -> Result<Option<(HttpUrl, String)>, ClientError> {
        if !self.args.common.location {
            return Ok(None);
        }
        let Some((next, location)) = wire::redirect::follow(&outcome.head, method) else {
            return Ok(None);
        };
        let next_url = url.join(location).map_err(ClientError::BadUrl)?;
        Ok(Some((next_url, next.method)))
    }

    /// Sends one request and reads its answer, on the kept connection if it
    /// goes to the same place. A kept connection the server has closed in
    /// the meantime is noticed (nothing comes back) and replaced, once.
    fn exchange(
        &mut self,
        url: &HttpUrl,
        method: &str,
        request: &[u8],
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
            write_err(stderr, &self.printer.request(request, &[]).stderr)?;
            let sent = stream.write_all(request).and_then(|()| stream.flush());
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
