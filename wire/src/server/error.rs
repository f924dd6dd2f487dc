//! Why a request could not be answered normally, and the one place that
//! maps each reason to a status code.
//!
//! Every error here ends the connection: once the server cannot trust where
//! a request ends, it cannot trust where the next one starts.

use std::fmt;

use crate::StatusCode;

/// A request the server refuses, or a connection that ended mid-request.
#[derive(Debug)]
pub enum RequestError {
    /// The bytes break HTTP/1.1's rules (see [`crate::Error`]).
    Wire(crate::Error),
    /// The request-target is neither `/path` nor `http://host/path`.
    BadTarget,
    /// HTTP/1.1 needs exactly one `Host` field; HTTP/1.0 at most one (RFC 9112 §3.2).
    HostCount { count: usize },
    /// A `Host` value that is not `host[:port]` (RFC 9112 §3.2).
    InvalidHost(String),
    /// A method this server does not know at all (RFC 9110 §9.1).
    UnknownMethod(String),
    /// An `Expect` other than `100-continue` (RFC 9110 §10.1.1).
    Expectation(String),
    /// The body is larger than `--max-body`.
    BodyTooLarge { limit: usize },
    /// The head, or the next piece of the body, did not arrive in time.
    Timeout,
    /// The client closed or reset the connection: nobody to answer.
    ClientGone,
}

// ANCHOR: status
impl RequestError {
    /// The status to answer with, or `None` when no answer can be sent.
    pub fn status(&self) -> Option<StatusCode> {
        use crate::Error as W;
        Some(match self {
            RequestError::Wire(W::Version) => StatusCode::HTTP_VERSION_NOT_SUPPORTED,
            RequestError::Wire(W::TargetTooLong { .. }) => StatusCode::URI_TOO_LONG,
            RequestError::Wire(W::HeadTooLarge { .. } | W::TooManyHeaders { .. }) => {
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
            }
            RequestError::Wire(W::UnsupportedTransferEncoding(_)) => StatusCode::NOT_IMPLEMENTED,
            RequestError::Wire(W::UnexpectedEof) | RequestError::ClientGone => return None,
            RequestError::Wire(_)
            | RequestError::BadTarget
            | RequestError::HostCount { .. }
            | RequestError::InvalidHost(_) => StatusCode::BAD_REQUEST,
            RequestError::UnknownMethod(_) => StatusCode::NOT_IMPLEMENTED,
            RequestError::Expectation(_) => StatusCode::EXPECTATION_FAILED,
            RequestError::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            RequestError::Timeout => StatusCode::REQUEST_TIMEOUT,
        })
    }
}
// ANCHOR_END: status

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::Wire(e) => write!(f, "{e}"),
            RequestError::BadTarget => {
                write!(f, "the request-target must be /path or http://host/path")
            }
            RequestError::HostCount { count } => {
                write!(
                    f,
                    "HTTP/1.1 needs exactly one Host field (HTTP/1.0 at most one), got {count}"
                )
            }
            RequestError::InvalidHost(value) => write!(f, "Host {value:?} is not host[:port]"),
            RequestError::UnknownMethod(m) => write!(f, "method {m:?} is not implemented"),
            RequestError::Expectation(e) => write!(f, "cannot meet Expect: {e}"),
            RequestError::BodyTooLarge { limit } => write!(f, "body larger than {limit} bytes"),
            RequestError::Timeout => write!(f, "the request did not arrive in time"),
            RequestError::ClientGone => write!(f, "the client closed the connection"),
        }
    }
}

impl From<crate::Error> for RequestError {
    fn from(e: crate::Error) -> RequestError {
        RequestError::Wire(e)
    }
}

impl std::error::Error for RequestError {}
