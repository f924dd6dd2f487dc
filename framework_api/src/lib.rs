//! The same HTTP server as `socket_api`, written with axum and tokio.
//!
//! `socket_api` reads bytes from a `TcpStream`, parses the request head by
//! hand, picks a route and writes the response bytes itself. This crate does
//! none of that: hyper (under axum) owns the socket and the HTTP/1.1 framing,
//! axum owns routing and extraction, and what is left for us is the route
//! table and the handlers. Reading the two crates side by side shows what a
//! framework does for you, and the tests prove both answer alike.
//!
//! A map of the modules, in the order a request meets them:
//!
//! - [`server`]: [`serve`] accepts connections on a `TcpListener` until a
//!   shutdown future completes, then lets open requests finish.
//! - [`connections`]: the listener and stream wrappers that log, at debug
//!   level, when a connection is accepted and when it closes.
//! - [`logging`]: a middleware that writes one line per request,
//!   `GET /api?x=1 from 127.0.0.1:56244 -> 200 OK (0.2 ms)`.
//! - [`drain`]: after the handler, a middleware reads what it left of the
//!   request body, or says `Connection: close`, so the next request on the
//!   connection is not met by a reset.
//! - [`head`]: `HEAD` runs as `GET`, so the layers below answer both alike.
//! - [`compression`]: tower-http's gzip layer, and what we add to it
//!   (`Accept-Encoding: *`, weak `ETag`s on gzip).
//! - [`routes`]: [`app`], the whole route table, with its small handlers
//!   beside it, including our own 404 and 405 answers; [`config`] holds
//!   what the command line can change.
//! - One file per route after that: [`echo_path`] (`/echo/{text}`),
//!   [`mirror`], [`static_files`] with [`etag`], [`upload`] with
//!   [`file_names`], [`stream`], [`events`], [`redirect`], [`status`],
//!   [`cookies`]; [`bounded`] checks the numbers their queries carry.
//! - [`accept`]: the one rule that decides whether a request "asks for JSON",
//!   shared word for word with `socket_api`.
//! - [`echo`]: what `/api` answers: the parameters it received, as text or JSON.
//! - [`running`]: [`Running`], a server on its own thread with its own tokio
//!   runtime, so the tour and plain (non-async) tests can start and stop one.
//! - [`tls`]: HTTPS with rustls under tokio (`tokio-rustls`): certificates
//!   from PEM files or made at start-up, and a listener that does each
//!   handshake before hyper sees the connection.
//! - [`tls`]: HTTPS, with rustls under tokio (`tokio-rustls`): certificates
//!   from files or made at start-up, and a listener that does the handshake.
//!
//! ROUTES.md, beside `Cargo.toml`, is the precise description of every
//! route: what `socket_api` must answer alike, and where the two differ.
//!
//! `main.rs` only parses flags, sets up logging, binds, and waits for Ctrl-C.

pub mod accept;
pub mod bounded;
pub mod compression;
pub mod config;
pub mod connections;
pub mod cookies;
pub mod drain;
pub mod echo;
pub mod echo_path;
pub mod etag;
pub mod events;
pub mod file_names;
pub mod head;
pub mod logging;
pub mod mirror;
pub mod redirect;
pub mod routes;
pub mod running;
pub mod server;
pub mod static_files;
pub mod status;
pub mod stream;
pub mod tls;
pub mod upload;

pub use config::{Config, DEFAULT_MAX_BODY, DEFAULT_MAX_UPLOAD, DEFAULT_STATIC_DIR};
pub use routes::{app, app_with, app_with_max_body};
pub use running::Running;
pub use server::{serve, serve_app, serve_app_tls};

/// The name this server puts in its index page (`{server}` in the template).
pub const SERVER_NAME: &str = "framework_api";

/// Where `framework_api` listens unless told otherwise: a port of its own,
/// so it can run beside `socket_api`.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8081";
