//! TLS for `https://`: a rustls `ClientConfig` built from whom to trust.
//!
//! HTTPS is HTTP/1.1 with the same bytes as ever, written into a TLS
//! connection instead of straight into the TCP socket (RFC 9110 §4.2.2).
//! TLS does two things: it encrypts, and, through the server's certificate,
//! it proves who is at the other end. The second needs a decision from the
//! user, and that decision is [`Trust`]:
//!
//! - the certificate authorities (CAs) the system trusts, as a browser and
//!   curl do by default, or the ones in a `--cacert` file; the server's
//!   certificate must be signed by one of them and name the host in the URL
//!   (RFC 9110 §4.3.4);
//! - or `-k`/`--insecure`: any certificate. The connection is still
//!   encrypted, but to whom is anyone's guess.
//!
//! This file does no I/O: [`transport`](crate::transport) reads the
//! system's store (with `rustls-native-certs`) or the `--cacert` file, and
//! hands over the certificates; [`client_config`] turns them into a
//! configuration; the transport wraps its `TcpStream` in a
//! `rustls::ClientConnection` made from it. rustls itself is sans-IO in
//! the same way, which is why the tests below can run whole handshakes
//! through two byte buffers, without a socket.
//!
//! curl does the same with OpenSSL (or another TLS library); reqwest does it
//! with rustls, as here. Both also check whether a certificate has been
//! revoked in some set-ups, offer HTTP/2, and keep sessions for quick
//! resumption; none of that is here.

use std::sync::Arc;
use std::{fmt, io};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{WebPkiSupportedAlgorithms, verify_tls12_signature, verify_tls13_signature};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use crate::error::ClientError;

// ANCHOR: trust
/// Whom to trust: the user's decision about certificates.
#[derive(Debug, Clone)]
pub enum Trust {
    /// Certificates the caller loaded: the platform's store (rustls-native-certs), or a --cacert PEM file.
    Roots(Vec<CertificateDer<'static>>),
    /// -k/--insecure: accept any certificate. TLS still encrypts, but nothing proves who is at the other end.
    Insecure,
}
// ANCHOR_END: trust

/// Why no TLS configuration could be made from what was given.
#[derive(Debug)]
pub enum TlsError {
    /// The PEM text holds no `-----BEGIN CERTIFICATE-----` section.
    NoCertificates,
    /// A PEM section cannot be read: bad base64, no `-----END` line.
    Pem(rustls_pki_types::pem::Error),
    /// [`Trust::Roots`] with no certificate in it: nothing could be verified.
    NoRoots,
    /// Every root given was refused (not an X.509 certificate webpki can
    /// read); `first` says why the first one was.
    RootsRejected { count: usize, first: rustls::Error },
    /// rustls refused the configuration itself.
    Rustls(rustls::Error),
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsError::NoCertificates => {
                f.write_str("no certificate in the PEM data (no -----BEGIN CERTIFICATE----- line)")
            }
            TlsError::Pem(e) => write!(f, "the PEM data cannot be read: {e}"),
            TlsError::NoRoots => f.write_str("no CA certificates to trust"),
            TlsError::RootsRejected { count, first } => write!(
                f,
                "none of the {count} CA certificates can be used; the first: {first}"
            ),
            TlsError::Rustls(e) => write!(f, "TLS configuration refused: {e}"),
        }
    }
}

impl std::error::Error for TlsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TlsError::Pem(e) => Some(e),
            TlsError::RootsRejected { first: e, .. } | TlsError::Rustls(e) => Some(e),
            TlsError::NoCertificates | TlsError::NoRoots => None,
        }
    }
}

/// A bad `--cacert` file or store is curl's exit 77; a configuration rustls
/// refuses can only come from a handshake setting, so 35.
impl From<TlsError> for ClientError {
    fn from(e: TlsError) -> ClientError {
        match e {
            TlsError::Rustls(_) => ClientError::Tls(e.to_string()),
            _ => ClientError::CaCert(e.to_string()),
        }
    }
}

/// The protocol spoken inside TLS, announced with ALPN (RFC 7301). Only
/// HTTP/1.1: a server that also speaks HTTP/2 would pick `h2` if we offered
/// it, and then expect binary frames, not the text this client writes. curl
/// offers `h2` too, and speaks whichever the server picks.
const ALPN_HTTP_1_1: &[u8] = b"http/1.1";

/// A client configuration that trusts as `trust` says, speaks TLS 1.2 or
/// 1.3, offers only `http/1.1` by ALPN, and sends no client certificate.
///
/// The crypto provider is named (ring), not taken from the process default:
/// the default must be installed first, and is ambiguous when two providers
/// are compiled in, which a dependency can do behind our back.
pub fn client_config(trust: Trust) -> Result<Arc<ClientConfig>, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let algorithms = provider.signature_verification_algorithms;
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Rustls)?;
    let mut config = match trust {
        Trust::Roots(certificates) => builder
            .with_root_certificates(root_store(certificates)?)
            .with_no_client_auth(),
        Trust::Insecure => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate { algorithms }))
            .with_no_client_auth(),
    };
    config.alpn_protocols = vec![ALPN_HTTP_1_1.to_vec()];
    Ok(Arc::new(config))
}

/// The trust anchors. A certificate webpki cannot read is skipped, as
/// reqwest skips one from the system's store (a store can hold an odd one
/// that should not stop every connection); only if none is left is it an
/// error. A `--cacert` file of one bad certificate is therefore refused.
fn root_store(certificates: Vec<CertificateDer<'static>>) -> Result<RootCertStore, TlsError> {
    let count = certificates.len();
    let mut store = RootCertStore::empty();
    let mut first_refusal = None;
    for certificate in certificates {
        if let Err(e) = store.add(certificate) {
            first_refusal.get_or_insert(e);
        }
    }
    match first_refusal {
        _ if !store.is_empty() => Ok(store),
        Some(first) => Err(TlsError::RootsRejected { count, first }),
        None => Err(TlsError::NoRoots),
    }
}

/// The certificates in PEM text, such as a `--cacert` file: each
/// `-----BEGIN CERTIFICATE-----` section, base64 decoded to DER. Other
/// sections (a private key) and text between sections are passed over, as
/// OpenSSL passes them over; no certificate at all is an error.
pub fn certificates_from_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let certificates = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(TlsError::Pem)?;
    if certificates.is_empty() {
        return Err(TlsError::NoCertificates);
    }
    Ok(certificates)
}

/// The error a handshake met, as a [`ClientError`] with curl's exit code.
///
/// rustls reports its own errors through `std::io` by wrapping a
/// `rustls::Error` in an `io::Error` of kind `InvalidData`, so the cause is
/// found by looking inside: a certificate that cannot be trusted is curl's
/// 60, any other TLS failure 35. An `io::Error` without a `rustls::Error`
/// inside came from the socket, and is a [`ClientError::Receive`] (56, or 28
/// on a timeout). curl gives 35 for a reset during the handshake; here the
/// handshake and the reading share one variant.
pub fn classify_tls_io_error(e: &io::Error) -> ClientError {
    let inner = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    match inner {
        Some(rustls::Error::InvalidCertificate(why)) => {
            ClientError::Certificate(describe_certificate_error(why))
        }
        Some(other) => ClientError::Tls(other.to_string()),
        // `io::Error` is not `Clone`: keep its kind (a timeout is 28) and text.
        None => ClientError::Receive(io::Error::new(e.kind(), e.to_string())),
    }
}

/// rustls's words, except for the commonest failure, which it prints as a
/// bare `UnknownIssuer`: curl's (OpenSSL's) words for that, and what it means.
fn describe_certificate_error(why: &CertificateError) -> String {
    match why {
        CertificateError::UnknownIssuer => {
            "unable to get local issuer certificate: no CA we trust signed the server's certificate"
                .to_string()
        }
        other => other.to_string(),
    }
}

/// `-k`: a verifier that takes any certificate chain for any name, but still
/// checks the handshake's signatures with the certificate's key. So the
/// connection is real TLS with whoever holds that key; what is skipped is the
/// proof that the key belongs to the host in the URL.
#[derive(Debug)]
struct AcceptAnyCertificate {
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    use rustls::{ClientConnection, ServerConfig, ServerConnection};
    use rustls_pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// A certificate authority made for one test: its certificate, and an
    /// issuer that signs with its key.
    struct Ca {
        certificate: CertificateDer<'static>,
        pem: String,
        issuer: Issuer<'static, KeyPair>,
    }

    fn new_ca(name: &str) -> Result<Ca, rcgen::Error> {
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let key = KeyPair::generate()?;
        let certificate = params.self_signed(&key)?;
        Ok(Ca {
            pem: certificate.pem(),
            certificate: certificate.der().clone(),
            issuer: Issuer::new(params, key),
        })
    }

    /// A server configuration for `name`, its certificate signed by `ca`.
    /// The server offers h2 as well, to show that the client's ALPN decides.
    fn server_config(ca: &Ca, name: &str) -> Result<Arc<ServerConfig>, Box<dyn std::error::Error>> {
        server_config_for(ca, name, rustls::DEFAULT_VERSIONS)
    }

    fn server_config_for(
        ca: &Ca,
        name: &str,
        versions: &[&'static rustls::SupportedProtocolVersion],
    ) -> Result<Arc<ServerConfig>, Box<dyn std::error::Error>> {
        let key = KeyPair::generate()?;
        let certificate =
            CertificateParams::new(vec![name.to_string()])?.signed_by(&key, &ca.issuer)?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let mut config =
            ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_protocol_versions(versions)?
                .with_no_client_auth()
                .with_single_cert(vec![certificate.der().clone()], key)?;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }

    /// Which side of a handshake gave up, and why.
    #[derive(Debug, PartialEq, Eq)]
    enum Side {
        Client,
        Server,
    }
    type Failed = (Side, rustls::Error);

    /// A whole handshake with no socket: each side's outgoing TLS records
    /// are written into a `Vec<u8>` and read by the other side, until
    /// neither is handshaking. A real client does the same with a
    /// `TcpStream` in place of the vector.
    fn handshake(
        client: &mut ClientConnection,
        server: &mut ServerConnection,
    ) -> Result<(), Failed> {
        // TLS 1.3 needs two round trips, TLS 1.2 three; ten is plenty and
        // keeps a bug from looping forever.
        for _ in 0..10 {
            if !client.is_handshaking() && !server.is_handshaking() {
                return Ok(());
            }
            let mut to_server = Vec::new();
            while client.wants_write() {
                client
                    .write_tls(&mut to_server)
                    .map_err(io_to_rustls)
                    .map_err(|e| (Side::Client, e))?;
            }
            let mut records = &to_server[..];
            while !records.is_empty() {
                server
                    .read_tls(&mut records)
                    .map_err(io_to_rustls)
                    .map_err(|e| (Side::Server, e))?;
                server
                    .process_new_packets()
                    .map_err(|e| (Side::Server, e))?;
            }
            let mut to_client = Vec::new();
            while server.wants_write() {
                server
                    .write_tls(&mut to_client)
                    .map_err(io_to_rustls)
                    .map_err(|e| (Side::Server, e))?;
            }
            let mut records = &to_client[..];
            while !records.is_empty() {
                client
                    .read_tls(&mut records)
                    .map_err(io_to_rustls)
                    .map_err(|e| (Side::Client, e))?;
                client
                    .process_new_packets()
                    .map_err(|e| (Side::Client, e))?;
            }
        }
        Err((
            Side::Client,
            rustls::Error::General("the handshake did not finish".into()),
        ))
    }

    /// Writing to and reading from a `Vec` cannot fail; should it, say so.
    fn io_to_rustls(e: io::Error) -> rustls::Error {
        rustls::Error::General(e.to_string())
    }

    fn connect(
        trust: Trust,
        server: Arc<ServerConfig>,
        name: &str,
    ) -> Result<(ClientConnection, Result<(), Failed>), Box<dyn std::error::Error>> {
        let mut client = ClientConnection::new(
            client_config(trust)?,
            ServerName::try_from(name.to_string())?,
        )?;
        let mut server = ServerConnection::new(server)?;
        let outcome = handshake(&mut client, &mut server);
        Ok((client, outcome))
    }

    #[test]
    fn config_builds_from_a_ca_and_offers_only_http_1_1() -> TestResult {
        let ca = new_ca("test CA")?;
        for trust in [Trust::Roots(vec![ca.certificate.clone()]), Trust::Insecure] {
            let config = client_config(trust)?;
            assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);
        }
        Ok(())
    }

    #[test]
    fn unusable_roots_are_refused() {
        let cases: Vec<(Vec<CertificateDer<'static>>, &str)> = vec![
            (vec![], "no CA certificates"),
            (
                vec![CertificateDer::from(b"not DER".to_vec())],
                "none of the 1",
            ),
        ];
        for (roots, why) in cases {
            match client_config(Trust::Roots(roots)) {
                Err(e) => {
                    assert!(e.to_string().contains(why), "{e}");
                    assert_eq!(ClientError::from(e).exit_code(), 77);
                }
                Ok(_) => panic!("a config from no usable root: {why}"),
            }
        }
    }

    #[test]
    fn pem_table() -> TestResult {
        let (one, two) = (new_ca("one")?, new_ca("two")?);
        let key = KeyPair::generate()?.serialize_pem();
        let both = format!("{}\nsome text between\n{key}{}", one.pem, two.pem);
        // (PEM text, the certificates in it, or part of the error message)
        type Expected<'a> = Result<Vec<&'a CertificateDer<'static>>, &'static str>;
        let cases: Vec<(&[u8], Expected)> = vec![
            (one.pem.as_bytes(), Ok(vec![&one.certificate])),
            (
                both.as_bytes(),
                Ok(vec![&one.certificate, &two.certificate]),
            ),
            (b"", Err("no certificate")),
            (b"garbage\x00\xff not PEM at all", Err("no certificate")),
            (key.as_bytes(), Err("no certificate")),
            (
                b"-----BEGIN CERTIFICATE-----\n!!not base64!!\n-----END CERTIFICATE-----\n",
                Err("cannot be read"),
            ),
            (
                b"-----BEGIN CERTIFICATE-----\nAAAA\n",
                Err("cannot be read"),
            ),
        ];
        for (pem, expected) in cases {
            let shown = String::from_utf8_lossy(pem);
            match (certificates_from_pem(pem), expected) {
                (Ok(got), Ok(want)) => {
                    assert_eq!(got.iter().collect::<Vec<_>>(), want, "{shown}")
                }
                (Err(e), Err(why)) => assert!(e.to_string().contains(why), "{shown}: {e}"),
                (got, want) => panic!("{shown}: got {got:?}, want {want:?}"),
            }
        }
        Ok(())
    }

    #[test]
    fn a_certificate_from_a_trusted_ca_is_accepted() -> TestResult {
        let ca = new_ca("test CA")?;
        let server = server_config(&ca, "localhost")?;
        let (client, outcome) = connect(
            Trust::Roots(vec![ca.certificate.clone()]),
            server,
            "localhost",
        )?;
        assert!(outcome.is_ok(), "{outcome:?}");
        // The server offered h2 first; the client offered only http/1.1.
        assert_eq!(client.alpn_protocol(), Some(&b"http/1.1"[..]));
        Ok(())
    }

    #[test]
    fn a_certificate_from_another_ca_is_refused_with_exit_60() -> TestResult {
        let (ca, stranger) = (new_ca("test CA")?, new_ca("someone else")?);
        let server = server_config(&stranger, "localhost")?;
        let (_, outcome) = connect(Trust::Roots(vec![ca.certificate]), server, "localhost")?;
        let Err((Side::Client, e)) = outcome else {
            panic!("the client should have refused: {outcome:?}");
        };
        assert_eq!(
            e,
            rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)
        );
        // rustls's own `Stream` hands this to the caller wrapped the same way.
        let classified = classify_tls_io_error(&io::Error::new(io::ErrorKind::InvalidData, e));
        assert_eq!(classified.exit_code(), 60, "{classified}");
        assert!(
            classified
                .to_string()
                .contains("unable to get local issuer"),
            "{classified}"
        );
        Ok(())
    }

    #[test]
    fn insecure_accepts_any_certificate() -> TestResult {
        let stranger = new_ca("someone else")?;
        // Both versions, because each has its own signature check
        // (`verify_tls12_signature`, `verify_tls13_signature`).
        for version in [&rustls::version::TLS13, &rustls::version::TLS12] {
            let server = server_config_for(&stranger, "localhost", &[version])?;
            let (client, outcome) = connect(Trust::Insecure, server.clone(), "localhost")?;
            assert!(outcome.is_ok(), "{version:?}: {outcome:?}");
            assert_eq!(client.protocol_version(), Some(version.version));
            assert_eq!(client.alpn_protocol(), Some(&b"http/1.1"[..]));
            // Even for a name the certificate does not have.
            let (_, outcome) = connect(Trust::Insecure, server, "other.test")?;
            assert!(outcome.is_ok(), "{version:?}: {outcome:?}");
        }
        Ok(())
    }

    #[test]
    fn the_name_is_checked() -> TestResult {
        let ca = new_ca("test CA")?;
        let server = server_config(&ca, "localhost")?;
        let (_, outcome) = connect(Trust::Roots(vec![ca.certificate]), server, "other.test")?;
        let Err((Side::Client, e)) = outcome else {
            panic!("the client should have refused: {outcome:?}");
        };
        let classified = classify_tls_io_error(&io::Error::new(io::ErrorKind::InvalidData, e));
        assert_eq!(classified.exit_code(), 60, "{classified}");
        assert!(
            classified.to_string().contains("other.test"),
            "{classified}"
        );
        Ok(())
    }

    #[test]
    fn classify_table() {
        let wrapped = |e: rustls::Error| io::Error::new(io::ErrorKind::InvalidData, e);
        let cases: Vec<(io::Error, u8)> = vec![
            (
                wrapped(rustls::Error::InvalidCertificate(CertificateError::Expired)),
                60,
            ),
            (
                wrapped(rustls::Error::InvalidCertificate(
                    CertificateError::UnknownIssuer,
                )),
                60,
            ),
            (
                wrapped(rustls::Error::AlertReceived(
                    rustls::AlertDescription::HandshakeFailure,
                )),
                35,
            ),
            (wrapped(rustls::Error::NoApplicationProtocol), 35),
            (io::Error::from(io::ErrorKind::ConnectionReset), 56),
            (io::Error::from(io::ErrorKind::WouldBlock), 28),
            (io::Error::new(io::ErrorKind::InvalidData, "not rustls"), 56),
        ];
        for (e, code) in cases {
            let classified = classify_tls_io_error(&e);
            assert_eq!(classified.exit_code(), code, "{e}: {classified}");
        }
    }
}
