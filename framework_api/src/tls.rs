//! HTTPS: rustls under tokio, through `tokio-rustls`.
//!
//! HTTPS is the same HTTP/1.1 bytes inside a TLS connection. hyper does
//! not care what it reads from, so serving HTTPS is a matter of handing
//! `axum::serve` a listener whose connections are TLS streams:
//! [`TlsListener`] accepts TCP connections, completes each TLS handshake
//! with a `tokio_rustls::TlsAcceptor`, and only then passes the stream on.
//!
//! Why this and not the `axum-server` crate (which has `bind_rustls`)?
//! `axum-server` is a second server loop beside `axum::serve`, with its own
//! graceful-shutdown handle. With a listener of our own, HTTP and HTTPS go
//! through the very same [`crate::serve_app`] path: the same connection
//! log, the same shutdown, the same `ConnectInfo`, and the TLS part is one
//! file a learner can read. `socket_api` does the same by hand: it wraps
//! the `TcpStream` it accepted in a rustls connection.
//!
//! The handshakes run in tasks of their own, so a client that connects and
//! then says nothing holds up no one else; each has [`HANDSHAKE_TIME`] to
//! finish, and at most [`MAX_HANDSHAKES`] run at once.
//!
//! Certificates come from PEM files ([`config_from_files`], for
//! `--tls-cert` and `--tls-key`), or are made at start-up
//! ([`self_signed`], for `--tls-self-signed CA_FILE`): a certificate
//! authority (CA) of our own, and a certificate it signs for `localhost`,
//! `127.0.0.1` and `::1`. Only the CA's certificate is written out, so
//! that `curl --cacert CA_FILE` and `get_client --cacert CA_FILE` can
//! trust the server; its key lives in memory and dies with the process.
//! Both are `server_support::tls`'s, shared with `socket_api` (a
//! certificate is not HTTP); only the CA's name, [`CA_NAME`], is ours.

use axum::serve::Listener;
pub use server_support::tls::{TlsError, config_from_files};
use std::{fmt, io, path::Path, sync::Arc, time::Duration};
use tokio::{
    sync::{Semaphore, mpsc},
    task::JoinHandle,
};
use tokio_rustls::{TlsAcceptor, rustls::ServerConfig, server::TlsStream};

/// How long a client has to finish its TLS handshake.
pub const HANDSHAKE_TIME: Duration = Duration::from_secs(10);
/// How many handshakes may be in progress at once.
pub const MAX_HANDSHAKES: usize = 64;

// ANCHOR: ca_name
/// The name of the CA `--tls-self-signed` makes: only this differs from
/// `socket_api`'s.
pub const CA_NAME: &str = "HTTP by hand framework_api CA";
// ANCHOR_END: ca_name

// ANCHOR: self_signed
/// A new CA, and a certificate it signed for `localhost`, `127.0.0.1` and
/// `::1`. Writes the CA's certificate (PEM) to `ca_file`.
pub fn self_signed(ca_file: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    server_support::tls::self_signed(ca_file, CA_NAME)
}
// ANCHOR_END: self_signed

/// A listener whose connections are TLS streams, handshake done.
pub struct TlsListener<L: Listener> {
    ready: mpsc::Receiver<(TlsStream<L::Io>, L::Addr)>,
    local_addr: io::Result<L::Addr>,
    /// The task that accepts and hands out handshakes; stopped on drop.
    accepting: JoinHandle<()>,
}

impl<L: Listener> fmt::Debug for TlsListener<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsListener").finish_non_exhaustive()
    }
}

// ANCHOR: listener
impl<L> TlsListener<L>
where
    L: Listener,
    L::Addr: fmt::Display + Clone,
{
    /// Start accepting on `inner`; handshakes use `config`.
    pub fn new(mut inner: L, config: Arc<ServerConfig>) -> TlsListener<L> {
        let local_addr = inner.local_addr();
        let acceptor = TlsAcceptor::from(config);
        let (done, ready) = mpsc::channel(MAX_HANDSHAKES);
        let slots = Arc::new(Semaphore::new(MAX_HANDSHAKES));
        let accepting = tokio::spawn(async move {
            loop {
                // A free slot first, so no more than MAX_HANDSHAKES wait.
                let Ok(slot) = slots.clone().acquire_owned().await else {
                    return;
                };
                let (stream, peer) = tokio::select! {
                    accepted = inner.accept() => accepted,
                    // The server is gone: stop accepting.
                    () = done.closed() => return,
                };
                let acceptor = acceptor.clone();
                let done = done.clone();
                tokio::spawn(async move {
                    let _slot = slot;
                    match tokio::time::timeout(HANDSHAKE_TIME, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            // Fails only if the server stopped meanwhile.
                            let _ = done.send((tls, peer)).await;
                        }
                        Ok(Err(err)) => tracing::debug!("TLS handshake with {peer} failed: {err}"),
                        Err(_) => tracing::debug!(
                            "TLS handshake with {peer} took over {HANDSHAKE_TIME:?}; closed"
                        ),
                    }
                });
            }
        });
        TlsListener {
            ready,
            local_addr,
            accepting,
        }
    }
}
// ANCHOR_END: listener

impl<L: Listener> Drop for TlsListener<L> {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl<L> Listener for TlsListener<L>
where
    L: Listener,
    L::Addr: fmt::Display + Clone,
{
    type Io = TlsStream<L::Io>;
    type Addr = L::Addr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(ready) => ready,
            // The accepting task ended (its listener cannot fail, so only
            // by being aborted): nothing more will come.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        match &self.local_addr {
            Ok(addr) => Ok(addr.clone()),
            Err(err) => Err(io::Error::new(err.kind(), err.to_string())),
        }
    }
}
