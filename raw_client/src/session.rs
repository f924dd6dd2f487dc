//! The session: what a client binary does, from the first URL to the last.
//!
//! A [`Session`] keeps what lasts from one request to the next: the
//! settings, the [`Printer`], and the connection kept open for the next
//! request to the same `scheme://host:port`. For each URL it makes one
//! transfer: the request, and with `-L` the requests its redirects ask for,
//! all within one `-m` deadline. `-f` turns a final `4xx`/`5xx` into exit
//! 22, and `-o` sends the body to a file instead of stdout.
//!
//! What a session does not know is the request itself. Each client writes
//! its own bytes (its `request.rs`: the lesson) and hands the session a
//! function that turns a [`NextRequest`] (method, URL, headers, body or
//! not) into a [`Request`]. That is the only difference between a GET and a
//! POST as far as the session is concerned: a POST's request has a body
//! after its head, which may be held back for `Expect: 100-continue`.

use std::io::Write;
use std::time::Instant;

use wire::HttpUrl;
use wire::url::Scheme;

use crate::ClientError;
use crate::connection::{Outcome, Upload, read_response};
use crate::curl_args::CommonArgs;
use crate::exchange::ResponsePart;
use crate::headers::UserHeader;
use crate::output::OutputFile;
use crate::printer::{PrintOptions, Printed, Printer};
use crate::transport::{self, ConnectOptions, Stream, connect};

/// The bytes of one request as a client wrote them: the head, then the
/// body (if there is one) straight after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub bytes: Vec<u8>,
    /// How many of the last bytes are the body: 0 for a request without one.
    pub body_len: usize,
}

impl Request {
    /// A request that is only a head, such as a GET.
    pub fn head_only(bytes: Vec<u8>) -> Request {
        Request { bytes, body_len: 0 }
    }

    /// The head and the body, apart.
    fn split(&self) -> (&[u8], &[u8]) {
        let head_len = self.bytes.len().saturating_sub(self.body_len);
        self.bytes.split_at(head_len)
    }
}

/// What the session asks a client to write next.
#[derive(Debug, Clone, Copy)]
pub struct NextRequest<'a> {
    /// The method: the command line's, or what a redirect turned it into.
    pub method: &'a str,
    pub url: &'a HttpUrl,
    /// The `-H` headers (without credentials after a redirect to another
    /// origin; see [`crate::redirect::headers_for`]), and `Accept-Encoding`
    /// with `--compressed`.
    pub headers: &'a [UserHeader],
    /// Whether the body goes: `false` after a redirect that drops it (a
    /// `303`, or a `301`/`302` after a POST; see [`crate::redirect`]).
    pub with_body: bool,
}

/// What lasts from one request to the next: the settings, the printer,
/// and the connection kept open for the next URL.
#[derive(Debug)]
pub struct Session<'a> {
    /// The binary's name, for the lines it prints itself.
    program: &'a str,
    common: &'a CommonArgs,
    options: ConnectOptions,
    printer: Printer,
    /// The open connection and the `scheme://host:port` it goes to.
    kept: Option<(String, Stream)>,
    /// When the transfer under way began, and when it must be over (`-m`).
    started: Instant,
    deadline: Option<Instant>,
    /// The body bytes this transfer has received, for a timeout's message.
    received: u64,
}

impl<'a> Session<'a> {
    /// A session for `program` (`get_client`, `post_client`) with the flags
    /// both clients share, printing as `print` says.
    pub fn new(program: &'a str, common: &'a CommonArgs, print: PrintOptions) -> Session<'a> {
        Session {
            program,
            common,
            options: ConnectOptions {
                connect_timeout: common.connect_timeout,
                tls: None,
            },
            printer: Printer::new(print),
            kept: None,
            started: Instant::now(),
            deadline: None,
            received: 0,
        }
    }

    /// Fetches every URL in turn with `method`, each request written by
    /// `make`: the bodies (and with `-i` the heads) to stdout or the `-o`
    /// files (the first file for the first URL, and so on), and with `-v`
    /// or `--trace` the conversation to stderr. Bodies are written as they
    /// arrive, byte for byte.
    pub fn run(
        &mut self,
        method: &str,
        urls: &[HttpUrl],
        make: impl Fn(NextRequest<'_>) -> Request,
        stdout: &mut impl Write,
        stderr: &mut impl Write,
    ) -> Result<(), ClientError> {
        for (i, url) in urls.iter().enumerate() {
            match self.common.outputs.get(i) {
                Some(path) => {
                    // Created by the first byte of the body, not before: a
                    // failed transfer leaves an existing file as it was.
                    let mut file = OutputFile::new(path);
                    self.transfer(url, method, &make, &mut file, stderr)?;
                    file.finish().map_err(ClientError::Output)?;
                }
                None => self.transfer(url, method, &make, stdout, stderr)?,
            }
        }
        stdout.flush().map_err(ClientError::Output)
    }

    /// One URL, following redirects with `-L`.
    fn transfer(
        &mut self,
        first: &HttpUrl,
        method: &str,
        make: &impl Fn(NextRequest<'_>) -> Request,
        out: &mut impl Write,
        stderr: &mut impl Write,
    ) -> Result<(), ClientError> {
        let common = self.common;
        // `-m` limits each URL's whole transfer, redirects included:
        // connecting, sending the request and its body, reading the answer.
        self.started = Instant::now();
        self.deadline = common.max_time.map(|t| self.started + t);
        self.received = 0;
        let mut url = first.clone();
        let mut method = method.to_string();
        let mut headers = common.headers.clone();
        if common.compressed
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("Accept-Encoding"))
        {
            headers.push(("Accept-Encoding".into(), Some("gzip, deflate".into())));
        }
        let mut with_body = true;
        let mut redirects = 0;
        loop {
            // Credentials given with -H go only to the first URL's origin.
            let headers =
                crate::redirect::headers_for(&headers, first, &url, common.location_trusted);
            let request = make(NextRequest {
                method: &method,
                url: &url,
                headers: &headers,
                with_body,
            });
            let outcome = self
                .exchange(&url, &method, &request, out, stderr)
                .map_err(|e| self.timed_out(e, false))?;
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
                with_body &= keep_body;
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

    /// A socket's timeout, said as curl says it: what timed out
    /// (`connecting`: the connection, else the operation), after how long,
    /// with how many body bytes. Other errors pass unchanged.
    fn timed_out(&self, e: ClientError, connecting: bool) -> ClientError {
        if !e.is_timeout() || matches!(e, ClientError::TimedOut { .. }) {
            return e;
        }
        ClientError::TimedOut {
            connecting,
            after: self.started.elapsed(),
            received: self.received,
        }
    }

    /// A line about the connection on stderr, with `-v` or `--trace`.
    fn note(&self, stderr: &mut impl Write, text: &str) -> Result<(), ClientError> {
        write_err(stderr, &self.printer.note(text).stderr)
    }

    /// The TLS settings, made the first time an `https://` URL needs them
    /// (reading the system's CAs is not free, and plain HTTP never needs it).
    fn prepare_tls(&mut self, url: &HttpUrl, stderr: &mut impl Write) -> Result<(), ClientError> {
        let common = self.common;
        if url.scheme != Scheme::Https || self.options.tls.is_some() {
            return Ok(());
        }
        if common.insecure && !common.silent {
            let warning = format!(
                "{}: warning: -k: the server's certificate is not checked\n",
                self.program
            );
            write_err(stderr, &warning)?;
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
        if !self.common.follows_redirects() {
            return Ok(None);
        }
        let Some((next, location)) = crate::redirect::follow(&outcome.head, method) else {
            return Ok(None);
        };
        let next_url = url.join(location).map_err(ClientError::BadUrl)?;
        Ok(Some((next_url, next.method, next.keep_body)))
    }

    /// Sends one request and reads its answer, on the kept connection if it
    /// goes to the same place (the next URL, or a redirect to the same
    /// server). A kept connection the server has closed in the meantime is
    /// noticed (nothing comes back) and replaced, once.
    fn exchange(
        &mut self,
        url: &HttpUrl,
        method: &str,
        request: &Request,
        out: &mut impl Write,
        stderr: &mut impl Write,
    ) -> Result<Outcome, ClientError> {
        let key = format!("{}://{}:{}", url.scheme.as_str(), url.host, url.port);
        let common = self.common;
        loop {
            // ANCHOR: reuse
            let (mut stream, reused) = match self.kept.take() {
                Some((kept_key, stream)) if kept_key == key => (stream, true),
                _ => {
                    self.prepare_tls(url, stderr)?;
                    let stream = connect(url, &self.options, self.deadline)
                        .map_err(|e| self.timed_out(e, true))?;
                    (stream, false)
                }
            };
            // ANCHOR_END: reuse
            stream.set_deadline(self.deadline)?;
            write_err(
                stderr,
                &self.printer.connected(&stream.peer(), reused).stderr,
            )?;
            let (head, body) = request.split();
            write_err(stderr, &self.printer.request(head).stderr)?;
            // The head goes now; the body goes from inside the read loop, a
            // piece at a time, so an early answer is seen (see `Upload`).
            // With `Expect: 100-continue` it waits for the server's go-ahead.
            let expects = String::from_utf8_lossy(head)
                .to_ascii_lowercase()
                .contains("\r\nexpect: 100-continue\r\n");
            let upload = if body.is_empty() {
                Upload::Sent
            } else if expects {
                let note = format!(
                    "holding the {}-byte body until the server says 100 Continue",
                    body.len()
                );
                self.note(stderr, &note)?;
                Upload::Held(body)
            } else {
                Upload::Sending { body, sent: 0 }
            };
            let sent = stream.write_all(head).and_then(|()| stream.flush());
            if let Err(e) = sent {
                if reused {
                    self.note(stderr, "the kept connection was closed; connecting again")?;
                    continue;
                }
                return Err(ClientError::Send(e));
            }
            let location = common.follows_redirects();
            let printer = &mut self.printer;
            let body_bytes = &mut self.received;
            let read = read_response(
                &mut stream,
                self.deadline,
                upload,
                method,
                common.trace,
                |part, traced| {
                    let printed = match part {
                        ResponsePart::Head { head, .. } => {
                            let followed =
                                location && crate::redirect::follow(head, method).is_some();
                            printer.start_body(head, followed);
                            printer.response(part, traced)
                        }
                        ResponsePart::Body(bytes) => {
                            *body_bytes += bytes.len() as u64;
                            printer.response(part, traced)
                        }
                        _ => printer.response(part, traced),
                    };
                    let printed = printed.map_err(|e| ClientError::Decode(e.to_string()))?;
                    emit(&printed, out, stderr)
                },
            );
            let read = match read {
                // A body write failed before any answer: on a kept
                // connection, the server had closed it while idle.
                Err(ClientError::Send(e)) if reused && !crate::error::timed_out(&e) => {
                    self.note(stderr, "the kept connection was closed; connecting again")?;
                    continue;
                }
                other => other?,
            };
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
            // ANCHOR: keep_or_close
            if outcome.keep_alive {
                self.note(
                    stderr,
                    "keep-alive: the connection could carry another request",
                )?;
                self.kept = Some((key, stream));
            } else {
                self.note(stderr, "the server ends the connection after this response")?;
            }
            // ANCHOR_END: keep_or_close
            return Ok(outcome);
        }
    }
}

/// Writes what the printer made: the body's bytes to `out`, the rest to stderr.
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
