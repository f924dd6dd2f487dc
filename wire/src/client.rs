//! What the two raw clients share, apart from sockets.
//!
//! `get_client` and `post_client` are separate programs, and neither depends
//! on the other; what they have in common lives here, sans-IO like the rest
//! of this crate:
//!
//! - reading `-H 'Name: value'` and `-X METHOD` as curl does
//!   ([`parse_header_arg`], [`parse_method`]), and letting a user's header
//!   replace a default one ([`merge_headers`]);
//! - the pieces of a response as the read loop hands them over, head bytes
//!   included ([`ResponsePart`]), and the record of one request and its
//!   response ([`Exchange`], built by a [`Recorder`]).
//!
//! The loop that connects, writes and reads is in each client
//! (`connection.rs`): it is the part that does I/O.

use crate::ResponseHead;
use crate::write::{is_valid_field_name, is_valid_field_value};

/// Reads a `-H` argument, `Name: value`, as curl does: the name is
/// everything before the first colon and must be a token; the value is the
/// rest with surrounding spaces and tabs trimmed, and must not contain CR, LF
/// or NUL (which would end the line early and inject fields of their own).
///
/// An empty value (`-H 'Accept:'`) is kept: [`merge_headers`] reads it as
/// "do not send this header", curl's way to remove a default one.
///
/// The error is a message for the user; clap prints it as a usage error.
pub fn parse_header_arg(arg: &str) -> Result<(String, String), String> {
    let Some((name, value)) = arg.split_once(':') else {
        return Err(format!(
            "{arg:?} is not a header: write it as 'Name: value'"
        ));
    };
    if !is_valid_field_name(name) {
        return Err(format!(
            "{name:?} is not a valid header name: letters, digits and !#$%&'*+-.^_`|~ only, no spaces"
        ));
    }
    let value = value.trim_matches([' ', '\t']);
    if !is_valid_field_value(value) {
        return Err(format!(
            "the value of {name} contains CR, LF or NUL, which would end the line early"
        ));
    }
    Ok((name.to_string(), value.to_string()))
}

/// Reads a `-X` argument. A method is a token (RFC 9110 §9.1), so the same
/// check as a header name applies. It is sent as given: methods are
/// case-sensitive, and `get` is not `GET` (curl does not change it either).
pub fn parse_method(arg: &str) -> Result<String, String> {
    if is_valid_field_name(arg) {
        Ok(arg.to_string())
    } else {
        Err(format!(
            "{arg:?} is not a valid method: letters, digits and !#$%&'*+-.^_`|~ only"
        ))
    }
}

/// The header fields a request sends: `defaults` in their order, except
/// that a user header with the same name (ASCII case ignored) takes the
/// default's place, and a user header with an empty value removes it; then
/// the other user headers, in the order given. A name the user repeats is
/// sent as many times as given.
///
/// curl does the same, with one difference in order: it moves a replaced
/// default (other than `Host`) to the end with the user's headers. Keeping
/// it in place makes `-v` output easier to compare.
///
/// ```
/// let user = vec![
///     ("accept".to_string(), "text/plain".to_string()),
///     ("User-Agent".to_string(), String::new()),
///     ("X-Trace".to_string(), "1".to_string()),
/// ];
/// let merged = wire::client::merge_headers(
///     &[("Host", "a"), ("User-Agent", "me/0.1"), ("Accept", "*/*")],
///     &user,
/// );
/// assert_eq!(merged, [("Host", "a"), ("accept", "text/plain"), ("X-Trace", "1")]);
/// ```
pub fn merge_headers<'a>(
    defaults: &[(&'a str, &'a str)],
    user: &'a [(String, String)],
) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for &(name, value) in defaults {
        let mut replaced = false;
        for (user_name, user_value) in user {
            if user_name.eq_ignore_ascii_case(name) {
                replaced = true;
                if !user_value.is_empty() {
                    out.push((user_name.as_str(), user_value.as_str()));
                }
            }
        }
        if !replaced {
            out.push((name, value));
        }
    }
    for (name, value) in user {
        let is_default = defaults.iter().any(|(d, _)| d.eq_ignore_ascii_case(name));
        if !is_default && !value.is_empty() {
            out.push((name.as_str(), value.as_str()));
        }
    }
    out
}

/// One piece of a response, as a client's read loop hands it over: a
/// [`ResponseEvent`](crate::ResponseEvent) with the bytes of its head
/// attached (from [`ResponseReader::head_bytes`](crate::ResponseReader::head_bytes)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponsePart<'a> {
    /// An interim `1xx` head, such as `100 Continue`: its bytes as received,
    /// and parsed. The final head is still to come.
    Interim {
        raw: &'a [u8],
        head: &'a ResponseHead,
    },
    /// The final head: its bytes as received, and parsed.
    Head {
        raw: &'a [u8],
        head: &'a ResponseHead,
    },
    /// Some bytes of the body, de-chunked.
    Body(&'a [u8]),
    /// The end of the response, with a chunked body's trailer fields as
    /// received (each line with its CRLF; empty when there were none).
    End { trailers: &'a [u8] },
}

/// One request and the response to it, whole: what a client's `send`
/// returns, for tests and the tour to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The request, every byte as sent.
    pub request: Vec<u8>,
    /// The response's head bytes exactly as received, interim `1xx` heads
    /// included, each with its empty line: what `curl -i` prints before the body.
    pub response_head: Vec<u8>,
    /// The final head, parsed.
    pub head: ResponseHead,
    /// The body, de-chunked: what `curl` prints.
    pub body: Vec<u8>,
}

/// Collects [`ResponsePart`]s into an [`Exchange`], part by part.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    response_head: Vec<u8>,
    head: Option<ResponseHead>,
    body: Vec<u8>,
}

impl Recorder {
    pub fn new() -> Recorder {
        Recorder::default()
    }

    pub fn record(&mut self, part: ResponsePart<'_>) {
        match part {
            ResponsePart::Interim { raw, .. } => self.response_head.extend_from_slice(raw),
            ResponsePart::Head { raw, head } => {
                self.response_head.extend_from_slice(raw);
                self.head = Some(head.clone());
            }
            ResponsePart::Body(bytes) => self.body.extend_from_slice(bytes),
            // Trailers are metadata, not body: an Exchange keeps the body only.
            ResponsePart::End { .. } => {}
        }
    }

    /// The whole exchange, given the request that was sent; `None` if no
    /// final head was recorded (the response never really began).
    pub fn finish(self, request: Vec<u8>) -> Option<Exchange> {
        Some(Exchange {
            request,
            response_head: self.response_head,
            head: self.head?,
            body: self.body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Headers, Version};

    #[test]
    fn header_arg_table() {
        // None: refused, with a message for the user.
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("Accept: text/plain", Some(("Accept", "text/plain"))),
            ("X-Trace:1", Some(("X-Trace", "1"))),
            ("X-Pad: \t padded \t", Some(("X-Pad", "padded"))),
            ("X-Url: http://a:80/", Some(("X-Url", "http://a:80/"))),
            ("Accept:", Some(("Accept", ""))),
            ("no colon", None),
            (": value", None),
            ("Bad Name: x", None),
            ("X: a\r\nSet-Cookie: x=1", None),
            ("X: a\0b", None),
        ];
        for (arg, expected) in cases {
            let got = parse_header_arg(arg).ok();
            let got = got.as_ref().map(|(n, v)| (n.as_str(), v.as_str()));
            assert_eq!(got, *expected, "{arg:?}");
        }
    }

    #[test]
    fn method_table() {
        for ok in ["GET", "HEAD", "DELETE", "PURGE", "get"] {
            assert_eq!(parse_method(ok).as_deref(), Ok(ok));
        }
        for bad in ["", "GET /", "G\r\nET"] {
            assert!(parse_method(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn merge_table() {
        let defaults = [
            ("Host", "a:8080"),
            ("User-Agent", "t/0.1"),
            ("Accept", "*/*"),
        ];
        type Case = (
            &'static [(&'static str, &'static str)],
            Vec<(&'static str, &'static str)>,
        );
        let cases: Vec<Case> = vec![
            (&[], defaults.to_vec()),
            (
                &[("X-A", "1"), ("X-B", "2")],
                vec![
                    defaults[0],
                    defaults[1],
                    defaults[2],
                    ("X-A", "1"),
                    ("X-B", "2"),
                ],
            ),
            (
                &[("HOST", "b")],
                vec![("HOST", "b"), defaults[1], defaults[2]],
            ),
            (&[("Accept", "")], vec![defaults[0], defaults[1]]),
            (&[("X-Empty", "")], defaults.to_vec()),
            (
                &[("X-A", "1"), ("Accept", "a"), ("accept", "b"), ("X-A", "2")],
                vec![
                    defaults[0],
                    defaults[1],
                    ("Accept", "a"),
                    ("accept", "b"),
                    ("X-A", "1"),
                    ("X-A", "2"),
                ],
            ),
        ];
        for (user, expected) in cases {
            let user: Vec<(String, String)> = user
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            assert_eq!(merge_headers(&defaults, &user), expected, "{user:?}");
        }
    }

    #[test]
    fn recorder_keeps_every_head_and_the_body() {
        let head = |status| ResponseHead {
            version: Version::Http11,
            status,
            reason: String::new(),
            headers: Headers::default(),
        };
        let (interim, last) = (head(100), head(200));
        let mut recorder = Recorder::new();
        recorder.record(ResponsePart::Interim {
            raw: b"HTTP/1.1 100 Continue\r\n\r\n",
            head: &interim,
        });
        recorder.record(ResponsePart::Head {
            raw: b"HTTP/1.1 200 OK\r\n\r\n",
            head: &last,
        });
        recorder.record(ResponsePart::Body(b"he"));
        recorder.record(ResponsePart::Body(b"llo"));
        let exchange = recorder.finish(b"GET / HTTP/1.1\r\n\r\n".to_vec());
        assert_eq!(
            exchange,
            Some(Exchange {
                request: b"GET / HTTP/1.1\r\n\r\n".to_vec(),
                response_head: b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n".to_vec(),
                head: last,
                body: b"hello".to_vec(),
            })
        );
        assert_eq!(Recorder::new().finish(Vec::new()), None);
    }
}
