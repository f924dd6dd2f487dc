//! The server under test: your server started in this process on a free
//! port, or one already running anywhere (`--addr`), in any language.
//!
//! A server started here is never waited for without a limit: if yours
//! does not stop when told, the checker says so and goes on.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::ServeFn;

/// A server-level exercise's server, started on `127.0.0.1:0`.
#[derive(Debug)]
pub struct Local {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    /// Sent when `serve` returns: what it returned, and when.
    returned: mpsc::Receiver<(bool, Instant)>,
}

impl Local {
    pub fn start(serve: ServeFn) -> Result<Local, String> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, returned) = mpsc::channel();
        let flag = Arc::clone(&stop);
        thread::Builder::new()
            .name("server under test".into())
            .spawn(move || {
                let result = serve(listener, flag);
                let _ = tx.send((result.is_ok(), Instant::now()));
            })
            .map_err(|e| e.to_string())?;
        Ok(Local {
            addr,
            stop,
            returned,
        })
    }

    /// Sets the stop flag.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// When `serve` returned, if it did within `wait`.
    pub fn returned_within(&self, wait: Duration) -> Option<Instant> {
        self.returned.recv_timeout(wait).ok().map(|(_, at)| at)
    }
}

impl Drop for Local {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An axum `Router` served on `127.0.0.1:0` by `framework_api`'s `serve_app`,
/// on a thread with its own runtime.
#[derive(Debug)]
pub struct Axum {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Axum {
    pub fn start(router: axum::Router) -> Result<Axum, String> {
        let (ready_tx, ready) = mpsc::channel::<io::Result<SocketAddr>>();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        thread::Builder::new()
            .name("axum under test".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
                        Ok(listener) => listener,
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                            return;
                        }
                    };
                    let _ = ready_tx.send(listener.local_addr());
                    let _ = framework_api::serve_app(listener, router, async move {
                        let _ = stopped.await;
                    })
                    .await;
                });
            })
            .map_err(|e| e.to_string())?;
        let addr = ready
            .recv()
            .map_err(|_| "the axum thread ended before it was ready".to_string())?
            .map_err(|e| e.to_string())?;
        Ok(Axum {
            addr,
            stop: Some(stop),
        })
    }
}

impl Drop for Axum {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A socket_api `Router` served on `127.0.0.1:0` by `socket_api::run_router`.
#[derive(Debug)]
pub struct SocketApi {
    pub addr: SocketAddr,
    shutdown: socket_api::Shutdown,
}

impl SocketApi {
    pub fn start(router: socket_api::Router) -> Result<SocketApi, String> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let shutdown = socket_api::Shutdown::new();
        let stop = shutdown.clone();
        thread::Builder::new()
            .name("socket_api under test".into())
            .spawn(move || {
                socket_api::run_router(listener, router, socket_api::Config::default(), stop)
            })
            .map_err(|e| e.to_string())?;
        Ok(SocketApi { addr, shutdown })
    }
}

impl Drop for SocketApi {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}
