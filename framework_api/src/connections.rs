//! Connections as `RUST_LOG=debug` shows them: accepted, and closed.
//!
//! hyper (under `axum::serve`) owns every connection, and tells nobody when
//! one opens or closes. What we can do is hand axum a listener of our own:
//! [`LoggedListener`] accepts from a tokio `TcpListener` (through axum's
//! own accept loop, which retries errors such as "too many open files"),
//! logs the peer, and wraps the stream in a [`LoggedStream`] that logs
//! again when hyper drops it, that is, when the connection is over.
//!
//! In `socket_api` the same lines sit in the accept loop and at the end of
//! the thread that served the connection: code we wrote and can see.

use axum::serve::Listener;
use std::{
    io,
    net::SocketAddr,
    pin::Pin,
    task::{Context, Poll},
    time::Instant,
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
};

/// A `TcpListener` whose connections say when they open and close.
#[derive(Debug)]
pub struct LoggedListener(TcpListener);

impl LoggedListener {
    pub fn new(listener: TcpListener) -> LoggedListener {
        LoggedListener(listener)
    }
}

impl Listener for LoggedListener {
    type Io = LoggedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (LoggedStream, SocketAddr) {
        // axum's `Listener` impl for `TcpListener`: it logs and retries
        // accept errors, so there is no error left to handle here.
        let (stream, peer) = Listener::accept(&mut self.0).await;
        tracing::debug!("connection from {peer} accepted");
        let stream = LoggedStream {
            stream,
            peer,
            opened: Instant::now(),
        };
        (stream, peer)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// A `TcpStream` that logs when it is dropped. Reading and writing go
/// straight to the stream inside.
#[derive(Debug)]
pub struct LoggedStream {
    stream: TcpStream,
    peer: SocketAddr,
    opened: Instant,
}

impl LoggedStream {
    /// The TCP stream inside, e.g. to set socket options.
    pub fn get_ref(&self) -> &TcpStream {
        &self.stream
    }
}

impl Drop for LoggedStream {
    fn drop(&mut self) {
        let millis = self.opened.elapsed().as_secs_f64() * 1000.0;
        tracing::debug!("connection from {} closed after {millis:.1} ms", self.peer);
    }
}

// The rest passes every call through. `TcpStream` is `Unpin`, so
// `Pin::new(&mut ...)` is all the pinning it needs.

impl AsyncRead for LoggedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for LoggedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
