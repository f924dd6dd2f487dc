//! What can be wrong with bytes that claim to be HTTP/1.1.
//!
//! One variant per kind of bad input, in the spirit of `httparse::Error`.
//! A variant says what is wrong, not what to answer: the server maps each one
//! to a status code in one place ([`server::RequestError::status`](crate::server::RequestError::status)), and a client
//! turns it into one line on stderr.

use std::fmt;

/// Bytes that can never become a valid HTTP/1.1 message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The request line or a header line is malformed (what `httparse` says).
    Malformed(httparse::Error),
    /// The protocol is not HTTP/1.x (e.g. `HTTP/2.0` in the request line).
    Version,
    /// The head is longer than the limit and still not finished.
    HeadTooLarge { limit: usize },
    /// Interim `1xx` responses whose heads add up to more than the limit,
    /// with no final response in sight: a server that never gets to the point.
    InterimTooLarge { limit: usize },
    /// The request-target alone is longer than the head limit allows.
    TargetTooLong { limit: usize },
    /// More header fields than the limit.
    TooManyHeaders { limit: usize },
    /// `Content-Length` is not one non-negative decimal number, or it has
    /// two different values (RFC 9112 §6.3).
    InvalidContentLength,
    /// Both `Content-Length` and `Transfer-Encoding` in a request (RFC 9112 §6.1).
    ContentLengthWithTransferEncoding,
    /// A transfer coding this crate does not implement (only `chunked`).
    UnsupportedTransferEncoding(String),
    /// The final transfer coding of a request is not `chunked`, or `chunked`
    /// appears twice: the body's end cannot be found (RFC 9112 §6.3).
    ChunkedNotLast,
    /// `Transfer-Encoding` in an HTTP/1.0 message (RFC 9112 §6.1).
    TransferEncodingInHttp10,
    /// A chunk-size line that is empty, not hex, or too large (RFC 9112 §7.1).
    InvalidChunkSize,
    /// Chunk data not followed by CRLF (RFC 9112 §7.1).
    InvalidChunkEnd,
    /// Chunk extensions or trailers longer than the limit.
    ChunkMetadataTooLarge { limit: usize },
    /// The connection closed before the body said it was complete.
    UnexpectedEof,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Malformed(e) => write!(f, "malformed message head: {e}"),
            Error::Version => write!(f, "not an HTTP/1.x message"),
            Error::HeadTooLarge { limit } => write!(f, "message head larger than {limit} bytes"),
            Error::InterimTooLarge { limit } => write!(
                f,
                "interim (1xx) responses larger than {limit} bytes in all, and no final response"
            ),
            Error::TargetTooLong { limit } => {
                write!(f, "request-target longer than {limit} bytes")
            }
            Error::TooManyHeaders { limit } => write!(f, "more than {limit} header fields"),
            Error::InvalidContentLength => write!(f, "invalid Content-Length"),
            Error::ContentLengthWithTransferEncoding => {
                write!(f, "both Content-Length and Transfer-Encoding")
            }
            Error::UnsupportedTransferEncoding(coding) => {
                write!(f, "unsupported transfer coding {coding:?}")
            }
            Error::ChunkedNotLast => write!(f, "chunked is not the final transfer coding"),
            Error::TransferEncodingInHttp10 => {
                write!(f, "Transfer-Encoding in an HTTP/1.0 message")
            }
            Error::InvalidChunkSize => write!(f, "invalid chunk-size line"),
            Error::InvalidChunkEnd => write!(f, "chunk data not followed by CRLF"),
            Error::ChunkMetadataTooLarge { limit } => {
                write!(f, "chunk extensions or trailers larger than {limit} bytes")
            }
            Error::UnexpectedEof => write!(f, "connection closed before the message was complete"),
        }
    }
}

impl std::error::Error for Error {}
