//! A server running in the background, for code that is not async.
//!
//! The tour and the tests are plain Rust: they want to say "start a server",
//! talk to it over a socket, and "stop it". An axum server needs a tokio
//! runtime to run on, so [`Running`] makes one on a thread of its own:
//!
//! 1. [`Running::start`] spawns the thread, which builds a runtime and binds
//!    the listener, then sends the bound address (or the error) back over a
//!    channel. `start` waits for that message, so when it returns the port
//!    is already accepting: no sleeps, no retries.
//! 2. The thread then runs [`crate::serve`] with a shutdown future that waits
//!    on a oneshot channel.
//! 3. [`Running::shutdown`] sends on that channel and joins the thread, so
//!    when it returns the listener is closed and every connection finished.
//!    Dropping a `Running` does the same, ignoring errors.
//!
//! `socket_api` has the same idea with no runtime at all: its server is
//! threads already. Here the runtime is the extra piece a framework brings.

use std::{
    io,
    net::SocketAddr,
    sync::{Arc, mpsc},
    thread::{self, JoinHandle},
};
use tokio::{net::TcpListener, sync::oneshot};
use tokio_rustls::rustls::ServerConfig;

/// A `framework_api` server on its own thread with its own tokio runtime.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    /// Sending on it (or dropping it) starts the graceful shutdown.
    /// `None` once used, so `shutdown` followed by `Drop` does nothing twice.
    stop: Option<oneshot::Sender<()>>,
    /// The server thread; it returns what `serve` returned.
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl Running {
    /// Bind `addr` and start serving. Returns once the listener is bound.
    ///
    /// `127.0.0.1:0` lets the system pick a free port; [`Running::addr`]
    /// tells which one it picked.
    pub fn start(addr: SocketAddr) -> io::Result<Running> {
        Running::start_with(addr, crate::Config::default())
    }

    /// [`Running::start`] with settings of its own (a `--dir`, an
    /// `--upload-dir`, limits): see [`crate::Config`].
    pub fn start_with(addr: SocketAddr, config: crate::Config) -> io::Result<Running> {
        Running::spawn(addr, config, None)
    }

    /// [`Running::start_with`] over HTTPS, with a configuration from
    /// [`crate::tls`].
    pub fn start_tls(
        addr: SocketAddr,
        config: crate::Config,
        tls: Arc<ServerConfig>,
    ) -> io::Result<Running> {
        Running::spawn(addr, config, Some(tls))
    }

    fn spawn(
        addr: SocketAddr,
        config: crate::Config,
        tls: Option<Arc<ServerConfig>>,
    ) -> io::Result<Running> {
        let (ready_tx, ready_rx) = mpsc::channel::<io::Result<SocketAddr>>();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();

        let thread = thread::Builder::new()
            .name(format!("{} {addr}", crate::SERVER_NAME))
            .spawn(move || -> io::Result<()> {
                // One thread is plenty for a classroom server: tasks still
                // interleave, so many connections are served at once.
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(err) => {
                        // `start` may have gone away; then nobody is asking.
                        let _ = ready_tx.send(Err(err));
                        return Ok(());
                    }
                };
                runtime.block_on(async move {
                    let listener = match TcpListener::bind(addr).await {
                        Ok(listener) => listener,
                        Err(err) => {
                            let _ = ready_tx.send(Err(err));
                            return Ok(());
                        }
                    };
                    let _ = ready_tx.send(listener.local_addr());
                    // Either a message or a dropped sender means "stop";
                    // open `/stream` and `/events` responses stop too.
                    let streams_stop = config.shutdown.clone();
                    let app = crate::app_with(config);
                    let stop = async move {
                        let _ = stop_rx.await;
                        streams_stop.cancel();
                    };
                    match tls {
                        Some(tls) => crate::serve_app_tls(listener, app, tls, stop).await,
                        None => crate::serve_app(listener, app, stop).await,
                    }
                })
            })?;

        // The thread always sends exactly one message before it serves; if
        // the channel closed instead, the thread ended without sending.
        let ready = ready_rx
            .recv()
            .unwrap_or_else(|_| Err(io::Error::other("server thread ended before it was ready")));
        match ready {
            Ok(addr) => Ok(Running {
                addr,
                stop: Some(stop_tx),
                thread: Some(thread),
            }),
            Err(err) => {
                // Nothing was started; collect the thread before reporting.
                let _ = thread.join();
                Err(err)
            }
        }
    }

    /// The address the server is bound to, with the real port.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop accepting, let open requests finish, and wait for the thread.
    ///
    /// axum puts no time limit on that wait: a client that stalls halfway
    /// through a request keeps this call waiting until it goes away.
    pub fn shutdown(mut self) -> io::Result<()> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            // An error only means the server already stopped on its own.
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("server thread panicked"))),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    /// A forgotten `Running` still stops, so a failing test does not leave
    /// a server behind. After [`Running::shutdown`] there is nothing to do.
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}
