//! The I/O: connect, write the request, read the response by its framing.
//!
//! This is the only file that touches a socket. [`read_response`] is the
//! loop every raw client runs: read what has arrived into a buffer, ask
//! [`wire::ResponseReader`] what it means, and read more only when it says
//! `NeedMore`. The response's framing (Content-Length, chunked, or close)
//! says where it ends; a client that read until the server closed would
//! hang on every keep-alive connection, and one that called `read` once
//! would cut off any response bigger than one TCP segment.
//!
//! curl differs in what surrounds this loop, not in the loop itself: it
//! tries IPv6 and IPv4 addresses in parallel ("happy eyeballs"), has connect
//! and read timeouts, wraps the same socket in TLS for https, and keeps the
//! connection for the next request to the same host.
//!
//! This file is the same as get_client's: sending a body changes the bytes
//! written, not how the answer is read. Each client keeps its own copy so it
//! reads as one whole program; what could be shared without I/O lives in
//! `wire` (the reader, [`wire::client::Recorder`]).

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};

use wire::client::{Exchange, Recorder, ResponsePart};
use wire::url::Scheme;
use wire::{HttpUrl, ResponseEvent, ResponseReader};

use crate::ClientError;

/// Opens a TCP connection to the URL's host and port, trying each address
/// the name resolves to in turn.
pub fn connect(url: &HttpUrl) -> Result<TcpStream, ClientError> {
    if url.scheme == Scheme::Https {
        return Err(ClientError::Unsupported(format!(
            "https is not supported yet: {url}"
        )));
    }
    let resolve_error = |source| ClientError::Resolve {
        host: url.host.clone(),
        source,
    };
    let addrs = (url.host.as_str(), url.port)
        .to_socket_addrs()
        .map_err(resolve_error)?;
    // `localhost` names both ::1 and 127.0.0.1, and a server may listen on
    // only one: try each in turn, and report the last failure.
    let mut last_error = None;
    for addr in addrs {
        match TcpStream::connect(addr) {
            Ok(stream) => return Ok(stream),
            Err(source) => {
                last_error = Some(ClientError::Connect {
                    addr: addr.to_string(),
                    source,
                })
            }
        }
    }
    Err(last_error.unwrap_or_else(|| resolve_error(std::io::ErrorKind::NotFound.into())))
}

/// Reads one response to a `method` request off `stream`, by its framing,
/// handing each piece to `on` as it arrives: interim heads, the final head,
/// then the body a piece at a time. Returns whether the connection may
/// carry another request (keep-alive).
pub fn read_response(
    stream: &mut impl Read,
    method: &str,
    mut on: impl FnMut(ResponsePart<'_>) -> Result<(), ClientError>,
) -> Result<bool, ClientError> {
    // The method matters: the answer to HEAD has no body, whatever its
    // Content-Length says.
    let mut reader = ResponseReader::new(method);
    let mut buf = Vec::new();
    let mut eof = false;
    loop {
        match reader.next_event(&mut buf, eof)? {
            ResponseEvent::NeedMore => {
                let mut chunk = [0; 8 * 1024];
                let n = stream.read(&mut chunk).map_err(ClientError::Receive)?;
                // 0 bytes: the server closed its side. That ends a
                // close-delimited body, and is an error anywhere else.
                eof = n == 0;
                buf.extend_from_slice(&chunk[..n]);
            }
            ResponseEvent::Interim(head) => on(ResponsePart::Interim {
                raw: reader.head_bytes(),
                head: &head,
            })?,
            ResponseEvent::Head(head) => on(ResponsePart::Head {
                raw: reader.head_bytes(),
                head: &head,
            })?,
            ResponseEvent::Data(bytes) => on(ResponsePart::Body(&bytes))?,
            ResponseEvent::End => return Ok(reader.keep_alive()),
        }
    }
}

/// Connects, sends `request` (bytes made by [`crate::request_bytes`]),
/// and reads the whole response to it.
pub fn send(url: &HttpUrl, method: &str, request: &[u8]) -> Result<Exchange, ClientError> {
    let mut stream = connect(url)?;
    stream.write_all(request).map_err(ClientError::Send)?;
    let mut recorder = Recorder::new();
    read_response(&mut stream, method, |part| {
        recorder.record(part);
        Ok(())
    })?;
    // `read_response` only ends after the final head, so there is one; if
    // not, the response was cut short.
    recorder
        .finish(request.to_vec())
        .ok_or(ClientError::Response(wire::Error::UnexpectedEof))
}
