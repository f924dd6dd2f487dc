//! A request body read as it arrives: what a streaming handler (an upload
//! saved to disk) gets instead of the whole body in memory.
//!
//! [`BodyReader`] is a [`std::io::Read`]: each `read` takes the next bytes
//! of the body from the connection's machine, reading the socket only when
//! the machine needs data, under the deadline it names, as the driver does.
//! So a 100 MB upload passes through a buffer of a few KiB. When the body
//! cannot be read (too large, too slow, broken), `read` fails, and
//! `BodyReader::finish` says why, so the driver answers with that status
//! instead of the handler's response.

use std::io::{self, Read, Write};
use std::time::Instant;

use wire::server::{Event, RequestError, ServerConnection};

use crate::blocking::{Got, read_some};
use crate::transport::Transport;

/// The body of the request whose head has just arrived.
#[derive(Debug)]
pub struct BodyReader<'a> {
    stream: &'a mut Transport,
    conn: &'a mut ServerConnection,
    /// The last piece the machine gave, and how much of it is handed over.
    piece: Vec<u8>,
    taken: usize,
    ended: bool,
    error: Option<RequestError>,
}

impl<'a> BodyReader<'a> {
    pub(crate) fn new(stream: &'a mut Transport, conn: &'a mut ServerConnection) -> Self {
        BodyReader {
            stream,
            conn,
            piece: Vec::new(),
            taken: 0,
            ended: false,
            error: None,
        }
    }

    /// Reads and drops what the handler left of the body, so the next
    /// request on the connection starts where it should. `Err` says why the
    /// body could not be read; the request is then answered with its status.
    pub(crate) fn finish(mut self) -> Result<(), RequestError> {
        let mut sink = [0u8; 8 * 1024];
        while matches!(self.read(&mut sink), Ok(n) if n > 0) {}
        match self.error {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

// ANCHOR: read
impl Read for BodyReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.taken < self.piece.len() {
                let n = out.len().min(self.piece.len() - self.taken);
                out[..n].copy_from_slice(&self.piece[self.taken..self.taken + n]);
                self.taken += n;
                return Ok(n);
            }
            if self.ended {
                return Ok(0);
            }
            if let Some(error) = &self.error {
                return Err(io::Error::other(error.to_string()));
            }
            match self.conn.next_event() {
                Event::NeedData { deadline, .. } => match read_some(self.stream, deadline) {
                    Got::Bytes(bytes) => self.conn.receive(&bytes, Instant::now()),
                    Got::Closed => self.conn.receive_eof(),
                    Got::TimedOut => self.conn.deadline_passed(),
                },
                Event::SendContinue => {
                    if self.stream.write_all(wire::server::CONTINUE).is_err() {
                        self.error = Some(RequestError::ClientGone);
                    }
                }
                Event::Data(bytes) => (self.piece, self.taken) = (bytes, 0),
                Event::EndOfRequest => self.ended = true,
                Event::Error { error, .. } => self.error = Some(error),
                // Not while a body is read; treat as a connection gone wrong.
                Event::Head { .. } | Event::Paused | Event::Closed => {
                    self.error = Some(RequestError::ClientGone);
                }
            }
        }
    }
}
// ANCHOR_END: read
