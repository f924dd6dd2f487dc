//! Serving: accept connections until told to stop, then finish what is open.
//!
//! [`serve`] hands a listener and our [`crate::app`] to `axum::serve`, which
//! runs hyper: for every accepted connection it spawns a tokio task that
//! reads requests, calls the app, and writes responses, with keep-alive,
//! chunked bodies and `Content-Length` all handled for us.
//!
//! Shutdown is an argument, not a global (as in mini-redis): any future will
//! do. When it completes, the server stops accepting, lets requests already
//! in progress finish, closes idle keep-alive connections, and returns.
//! Ctrl-C in `main.rs`, a channel in [`crate::Running`] and a test's own
//! future all use the same door.
//!
//! In `socket_api` each of these steps is code you can read: the accept
//! loop, a thread per connection, its own way of stopping. Here they are one
//! call. One thing axum does not do: put a time limit on the wait.
//! A client that sends half a request and stalls keeps `serve` waiting, which
//! is why `main.rs` gives open connections a few seconds and then leaves.

use crate::{connections::LoggedListener, tls::TlsListener};
use axum::serve::ListenerExt;
use std::{future::Future, net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;
use tokio_rustls::rustls::ServerConfig;

/// Serve [`crate::app`] on `listener` until `shutdown` completes, then shut
/// down gracefully.
///
/// `into_make_service_with_connect_info::<SocketAddr>` makes axum record
/// each connection's peer address, so the request log can say who asked.
pub async fn serve(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_app(listener, crate::app(), shutdown).await
}

// ANCHOR: serve_app
/// [`serve`] with an app of your own, e.g. [`crate::app_with_max_body`].
pub async fn serve_app(
    listener: TcpListener,
    app: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    // Our listener logs each connection at debug level. `tap_io` sets
    // TCP_NODELAY on each, so small responses go out at once instead of
    // waiting to be batched (socket_api does the same); it also lets axum
    // find the peer address for `ConnectInfo` through our own listener.
    let listener = LoggedListener::new(listener).tap_io(|stream| {
        if let Err(err) = stream.get_ref().set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {err}");
        }
    });
    let shutdown = async move {
        shutdown.await;
        tracing::debug!("shutdown started: accepting no more connections, finishing open ones");
    };
    // Accept errors (too many open files, a connection reset before accept)
    // are logged and retried inside axum, so the only way out is `shutdown`.
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    tracing::debug!("shutdown finished: every connection is closed");
    served
}
// ANCHOR_END: serve_app

// ANCHOR: serve_app_tls
/// [`serve_app`] over HTTPS: the same app, the same log and shutdown, with
/// each connection's TLS handshake done first (see [`crate::tls`]).
pub async fn serve_app_tls(
    listener: TcpListener,
    app: axum::Router,
    tls: Arc<ServerConfig>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    let tcp = LoggedListener::new(listener).tap_io(|stream| {
        if let Err(err) = stream.get_ref().set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {err}");
        }
    });
    // `tap_io` again, doing nothing: axum finds `ConnectInfo` through it.
    let listener = TlsListener::new(tcp, tls).tap_io(|_| {});
    let shutdown = async move {
        shutdown.await;
        tracing::debug!("shutdown started: accepting no more connections, finishing open ones");
    };
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    tracing::debug!("shutdown finished: every connection is closed");
    served
}
// ANCHOR_END: serve_app_tls
