//! HTTPS settings: a server's certificate and key, from PEM files or
//! made at start-up, for both servers.
//!
//! A TLS server proves who it is with a certificate (its public key, and
//! the names it serves, signed by a certificate authority the client
//! trusts) and the private key that goes with it. [`config_from_files`]
//! reads both from PEM files (`--tls-cert`, `--tls-key`), such as those
//! Let's Encrypt or `mkcert` give out. [`self_signed`]
//! (`--tls-self-signed CA_FILE`) makes them at start-up: a certificate
//! authority (CA) of our own, and a certificate it signs for `localhost`,
//! `127.0.0.1` and `::1`. Only the CA's certificate is written out, so that
//! `curl --cacert CA_FILE` and `get_client --cacert CA_FILE` can trust the
//! server; the CA's key lives in memory and dies with the process, so
//! nothing it could sign outlives the server.
//!
//! Both servers make their certificates here, with the very same
//! parameters (only the CA's name, which each server passes, differs), so
//! a client sees the two alike. What each does with the configuration is
//! its own: `socket_api`'s `handshake.rs` drives rustls by hand,
//! `framework_api`'s `tls.rs` hands `axum::serve` a listener of TLS
//! streams.

use std::fmt;
use std::io;
use std::path::Path;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::ServerConfig;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};

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
    Rustls(rustls::Error),
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
    // The server's certificate first, then any intermediate CAs.
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
/// A new CA named `ca_name`, and a certificate it signed for `localhost`,
/// `127.0.0.1` and `::1`. Writes the CA's certificate (PEM) to `ca_file`.
pub fn self_signed(ca_file: &Path, ca_name: &str) -> Result<Arc<ServerConfig>, TlsError> {
    let (ca_pem, chain, key) = make_certificates(ca_name).map_err(TlsError::Generate)?;
    std::fs::write(ca_file, ca_pem)
        .map_err(|err| TlsError::File(ca_file.display().to_string(), err))?;
    server_config(chain, key)
}
// ANCHOR_END: self_signed

/// The CA's PEM, the server's chain and the server's key.
type Made = (String, Vec<CertificateDer<'static>>, PrivateKeyDer<'static>);

// ANCHOR: make_certificates
fn make_certificates(ca_name: &str) -> Result<Made, rcgen::Error> {
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, ca_name);
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
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Rustls)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(TlsError::Rustls)?;
    // ALPN: both servers speak HTTP/1.1, and say so; a client that offers
    // only h2 is refused in the handshake rather than misunderstood after it.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_made_certificate_names_localhost_and_both_loopbacks() -> Result<(), rcgen::Error> {
        let (ca_pem, chain, _) = make_certificates("HTTP by hand test CA")?;
        assert!(
            ca_pem.starts_with("-----BEGIN CERTIFICATE-----"),
            "{ca_pem}"
        );
        // The CA carries the name the server gave it.
        let ca = CertificateDer::from_pem_slice(ca_pem.as_bytes());
        let named = |der: &[u8]| der.windows(20).any(|w| w == b"HTTP by hand test CA");
        assert!(ca.is_ok_and(|ca| named(ca.as_ref())));
        assert_eq!(chain.len(), 1);
        // The names are in the certificate's DER as written: a DNS name as
        // text, IP addresses as their 4 and 16 bytes.
        let der = chain[0].as_ref();
        let has = |bytes: &[u8]| der.windows(bytes.len()).any(|w| w == bytes);
        assert!(has(b"localhost"));
        assert!(has(&[127, 0, 0, 1]));
        assert!(has(&std::net::Ipv6Addr::LOCALHOST.octets()));
        Ok(())
    }

    #[test]
    fn missing_and_empty_files_are_named() {
        let dir = std::env::temp_dir().join(format!("server_support_tls_{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let missing = config_from_files(&dir.join("no.pem"), &dir.join("no.key"));
        assert!(matches!(&missing, Err(TlsError::File(path, _)) if path.ends_with("no.pem")));
        let empty = dir.join("empty.pem");
        let written = std::fs::write(&empty, "nothing here");
        let refused = config_from_files(&empty, &empty);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(written.is_ok());
        assert!(matches!(refused, Err(TlsError::NoCertificate(_))));
    }
}
