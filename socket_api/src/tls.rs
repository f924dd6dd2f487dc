//! HTTPS settings: the server's certificate and key, from PEM files or
//! made at start-up.
//!
//! Both servers make them alike, in `server_support::tls` (a certificate is
//! not HTTP): [`config_from_files`] reads `--tls-cert` and `--tls-key`,
//! [`self_signed`] makes a CA of our own for `--tls-self-signed CA_FILE`,
//! named for this server. The handshake itself, on each connection, is in
//! [`handshake`](crate::handshake).

use std::path::Path;
use std::sync::Arc;

use rustls::ServerConfig;
pub use server_support::tls::{TlsError, config_from_files};

// ANCHOR: ca_name
/// The name of the CA `--tls-self-signed` makes: only this differs from
/// `framework_api`'s.
pub const CA_NAME: &str = "HTTP by hand socket_api CA";
// ANCHOR_END: ca_name

// ANCHOR: self_signed
/// A new CA, and a certificate it signed for `localhost`, `127.0.0.1` and
/// `::1`. Writes the CA's certificate (PEM) to `ca_file`.
pub fn self_signed(ca_file: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    server_support::tls::self_signed(ca_file, CA_NAME)
}
// ANCHOR_END: self_signed
