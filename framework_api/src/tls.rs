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

use axum::serve::Listener;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
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

/// Why no TLS configuration could be made.
#[derive(Debug)]
pub enum TlsError {
    /// A file could not be read or written: which, and why.
    File(String, io::Error),
    /// The certificate file holds no `CERTIFICATE` block.
    NoCertificate(String),
    /// The key file holds no private key rustls can use.
    NoKey(String),
    /// rustls refused the pair (e.g. the key is not the certificate's).
    Rustls(tokio_rustls::rustls::Error),
    /// rcgen could not make a certificate.
    Generate(rcgen::Error),
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsError::File(path, err) => write!(f, "{path}: {err}"),
            TlsError::NoCertificate(path) => write!(f, "{path}: no PEM certificate in it"),
            TlsError::NoKey(path) => write!(f, "{path}: no PEM private key in it"),
            TlsError::Rustls(err) => write!(f, "the certificate and key do not go together: {err}"),
            TlsError::Generate(err) => write!(f, "cannot make a certificate: {err}"),
        }
    }
}

impl std::error::Error for TlsError {}

/// A server configuration from a certificate chain and a key, both PEM.
pub fn config_from_files(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|err| TlsError::File(path.display().to_string(), err))
    };
    let cert_pem = read(cert)?;
    let key_pem = read(key)?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .filter_map(Result::ok)
        .collect();
    if chain.is_empty() {
        return Err(TlsError::NoCertificate(cert.display().to_string()));
    }
    let key = PrivateKeyDer::from_pem_slice(&key_pem)
        .map_err(|_| TlsError::NoKey(key.display().to_string()))?;
    server_config(chain, key)
}

// ANCHOR: self_signed
/// A new CA, and a certificate it signed for `localhost`, `127.0.0.1` and
/// `::1`. Writes the CA's certificate (PEM) to `ca_file`.
pub fn self_signed(ca_file: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    let (ca_pem, chain, key) = make_certificates().map_err(TlsError::Generate)?;
    std::fs::write(ca_file, ca_pem)
        .map_err(|err| TlsError::File(ca_file.display().to_string(), err))?;
    server_config(chain, key)
}
// ANCHOR_END: self_signed

/// The CA's PEM, the server's chain and the server's key.
type Made = (String, Vec<CertificateDer<'static>>, PrivateKeyDer<'static>);

// ANCHOR: make_certificates
fn make_certificates() -> Result<Made, rcgen::Error> {
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "HTTP by hand framework_api CA");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = ca_params.self_signed(&ca_key)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let server_key = KeyPair::generate()?;
    // rcgen reads `127.0.0.1` and `::1` as IP addresses (iPAddress
    // names), `localhost` as a DNS name: a client checks the one it used.
    let names = ["localhost", "127.0.0.1", "::1"]
        .map(str::to_owned)
        .to_vec();
    let mut params = CertificateParams::new(names)?;
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    // For a TLS server, as OpenSSL (and so curl) checks.
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    let cert = params.signed_by(&server_key, &issuer)?;

    let key = PrivateKeyDer::Pkcs8(server_key.serialize_der().into());
    Ok((ca.pem(), vec![cert.der().clone()], key))
}
// ANCHOR_END: make_certificates

/// rustls with ring (as `raw_client`), TLS 1.2 and 1.3, HTTP/1.1 only.
fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Rustls)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(TlsError::Rustls)?;
    // ALPN: we speak HTTP/1.1, and say so (hyper here serves only HTTP/1).
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

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
