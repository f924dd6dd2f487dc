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
use rustls::client::{WebPkiServerVerifier, verify_server_name};
use rustls::crypto::{WebPkiSupportedAlgorithms, verify_tls12_signature, verify_tls13_signature};
use rustls::server::ParsedCertificate;
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, OtherError, RootCertStore,
    SignatureScheme,
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
    let provider_for_roots = provider.clone();
    let algorithms = provider.signature_verification_algorithms;
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Rustls)?;
    let mut config = match trust {
        Trust::Roots(certificates) => {
            let webpki = WebPkiServerVerifier::builder_with_provider(
                Arc::new(root_store(certificates.clone())?),
                provider_for_roots,
            )
            .build()
            .map_err(|e| TlsError::Rustls(rustls::Error::General(e.to_string())))?;
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(TrustedCertificates {
                    webpki,
                    certificates,
                    algorithms,
                }))
                .with_no_client_auth()
        }
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

/// A failed handshake, as [`classify_tls_io_error`], with one case made
/// plain: a server that answered in plain HTTP. Every TLS record starts
/// with a content type (22 for a handshake) and the version (`0x03 ..`);
/// a plain-HTTP server that reads a ClientHello as a bad request answers
/// `HTTP/1.1 400 ...`, and rustls sees `H` (72) where a type should be:
/// "received corrupt message of type InvalidContentType". `first` is what
/// the server sent first (see [`FirstBytes`]). curl (OpenSSL) says "wrong
/// version number", which is no clearer.
pub fn classify_handshake_error(e: &io::Error, first: &[u8]) -> ClientError {
    let not_tls = matches!(
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>()),
        Some(rustls::Error::InvalidMessage(
            rustls::InvalidMessage::InvalidContentType
        ))
    );
    if not_tls && first.starts_with(b"HTTP/") {
        return ClientError::Tls(
            "the server answered in plain HTTP, not TLS: try http:// instead of https://".into(),
        );
    }
    // Python's http.server, for one, answers a ClientHello with an HTML
    // page and no status line (HTTP/0.9 style): text, where TLS is binary.
    let text = !first.is_empty()
        && first
            .iter()
            .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
    if not_tls && text {
        return ClientError::Tls(format!(
            "the server answered in plain text, not TLS (it began with \"{}\"): a plain-HTTP server answers so; try http://",
            first.escape_ascii()
        ));
    }
    if not_tls {
        return ClientError::Tls(format!(
            "the server's answer is not TLS (it began with \"{}\")",
            first.escape_ascii()
        ));
    }
    classify_tls_io_error(e)
}

/// A socket that keeps the first few bytes read from it, for
/// [`classify_handshake_error`]: once rustls has read them, they are gone.
#[derive(Debug)]
pub struct FirstBytes<'a, S> {
    inner: &'a mut S,
    first: Vec<u8>,
}

/// How many of the first bytes [`FirstBytes`] keeps: enough for `HTTP/1.1 400`.
const FIRST_BYTES_KEPT: usize = 12;

impl<'a, S> FirstBytes<'a, S> {
    pub fn new(inner: &'a mut S) -> FirstBytes<'a, S> {
        FirstBytes {
            inner,
            first: Vec::new(),
        }
    }

    /// The first bytes read so far (at most a dozen).
    pub fn first(&self) -> &[u8] {
        &self.first
    }
}

impl<S: io::Read> io::Read for FirstBytes<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let room = FIRST_BYTES_KEPT.saturating_sub(self.first.len()).min(n);
        self.first.extend_from_slice(&buf[..room]);
        Ok(n)
    }
}

impl<S: io::Write> io::Write for FirstBytes<'_, S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A certificate error as a sentence, in OpenSSL's words where curl shows
/// them ("SSL certificate problem: certificate has expired"), never as
/// rustls's Debug output such as `Other(OtherError(CaUsedAsEndEntity))`.
fn describe_certificate_error(why: &CertificateError) -> String {
    match why {
        CertificateError::UnknownIssuer => {
            "unable to get local issuer certificate: no CA we trust signed the server's certificate"
                .to_string()
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "certificate has expired".to_string()
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            "certificate is not yet valid".to_string()
        }
        CertificateError::NotValidForNameContext {
            expected,
            presented,
        } => {
            let expected = match expected {
                ServerName::DnsName(name) => name.as_ref().to_string(),
                ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
                other => format!("{other:?}"),
            };
            if presented.is_empty() {
                format!(
                    "certificate is not valid for host {expected} (no subjectAltName in it names a host)"
                )
            } else {
                format!(
                    "certificate is not valid for host {expected} (it is for {})",
                    presented.join(", ")
                )
            }
        }
        CertificateError::NotValidForName => {
            "certificate is not valid for the host in the URL".to_string()
        }
        CertificateError::BadSignature => "certificate signature failure".to_string(),
        CertificateError::BadEncoding => "the certificate cannot be read".to_string(),
        CertificateError::Revoked => "certificate revoked".to_string(),
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            "unsupported certificate purpose: it is not for a TLS server".to_string()
        }
        CertificateError::Other(OtherError(inner)) => {
            if inner.downcast_ref::<SelfSigned>().is_some() {
                // OpenSSL's words, for a certificate signed by its own key.
                return "self-signed certificate".to_string();
            }
            match inner.downcast_ref::<webpki::Error>() {
                Some(webpki::Error::CaUsedAsEndEntity) => {
                    "the server's certificate is a CA certificate (basicConstraints CA:TRUE), and no CA we trust signed it".to_string()
                }
                Some(webpki::Error::EndEntityUsedAsCa) => {
                    "a certificate in the chain that signed another is not a CA certificate".to_string()
                }
                Some(webpki::Error::PathLenConstraintViolated) => {
                    "the chain is longer than a CA in it allows (path length constraint)".to_string()
                }
                _ => format!("the certificate cannot be verified ({inner})"),
            }
        }
        other => other.to_string(),
    }
}

/// A certificate signed by its own key and not in the trusted file: the
/// error OpenSSL calls "self-signed certificate".
#[derive(Debug)]
struct SelfSigned;

impl fmt::Display for SelfSigned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("self-signed certificate")
    }
}

impl std::error::Error for SelfSigned {}

/// The verifier for `--cacert` and the system's CAs: webpki's (the chain,
/// the dates, the name), with what OpenSSL, and so curl, does beyond it.
///
/// `openssl req -x509 -subj /CN=localhost` makes a certificate that is its
/// own CA (basicConstraints CA:TRUE), and a classroom server uses it as its
/// own certificate. webpki refuses a CA certificate as a server's
/// (`CaUsedAsEndEntity`), whoever trusts it. OpenSSL accepts it when that
/// very certificate is among the trusted ones, and so does this: those exact
/// bytes are trusted (with `--cacert`, because the user named them), and the
/// handshake's signature still proves the server holds its key. The name
/// and the key's purpose (serverAuth) are still checked.
#[derive(Debug)]
struct TrustedCertificates {
    webpki: Arc<WebPkiServerVerifier>,
    /// The trusted certificates as given, to recognise one the server sends.
    certificates: Vec<CertificateDer<'static>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl TrustedCertificates {
    /// The name check for a trusted self-signed certificate: webpki's (the
    /// subjectAltName), or, for a certificate with no DNS name in it at
    /// all, its Common Name, as OpenSSL falls back to it. `openssl req
    /// -subj /CN=localhost` writes the name only there. Browsers no longer
    /// look at the CN (RFC 6125 §6.4.4 allows it only without a SAN); curl
    /// still does, and here it is done only for a certificate the user
    /// trusts byte for byte.
    fn check_name(
        cert: &CertificateDer<'_>,
        server_name: &ServerName<'_>,
    ) -> Result<(), rustls::Error> {
        let parsed = ParsedCertificate::try_from(cert)?;
        let by_san = verify_server_name(&parsed, server_name);
        let Err(refused) = by_san else {
            return Ok(());
        };
        let Ok(cert) = webpki::EndEntityCert::try_from(cert) else {
            return Err(refused);
        };
        let host = match server_name {
            ServerName::DnsName(name) => name.as_ref(),
            _ => return Err(refused),
        };
        let no_dns_names = cert.valid_dns_names().next().is_none();
        match common_name(cert.subject()) {
            Some(cn) if no_dns_names && cn.eq_ignore_ascii_case(host) => Ok(()),
            _ => Err(refused),
        }
    }
}

impl ServerCertVerifier for TrustedCertificates {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.webpki.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        let Err(refused) = verdict else {
            return verdict;
        };
        let ca_as_end_entity = matches!(
            &refused,
            rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(inner)))
                if matches!(inner.downcast_ref::<webpki::Error>(), Some(webpki::Error::CaUsedAsEndEntity))
        );
        // webpki checks a certificate's dates before its basicConstraints,
        // so a CaUsedAsEndEntity refusal means the dates were fine (an
        // expired one is refused as expired; a test holds webpki to that).
        let trusted = self
            .certificates
            .iter()
            .any(|c| c.as_ref() == end_entity.as_ref());
        if ca_as_end_entity && trusted {
            // webpki stopped at basicConstraints, before the key's purpose:
            // check that here, as OpenSSL does.
            if !allows_server_auth(end_entity) {
                return Err(rustls::Error::InvalidCertificate(
                    CertificateError::InvalidPurpose,
                ));
            }
            Self::check_name(end_entity, server_name)?;
            return Ok(ServerCertVerified::assertion());
        }
        // Refused: say "self-signed", as OpenSSL does, when it is.
        let unknown_issuer = ca_as_end_entity
            || refused == rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        let self_signed = intermediates.is_empty()
            && webpki::EndEntityCert::try_from(end_entity)
                .is_ok_and(|cert| cert.issuer() == cert.subject());
        if unknown_issuer && self_signed {
            return Err(rustls::Error::InvalidCertificate(CertificateError::Other(
                OtherError(Arc::new(SelfSigned)),
            )));
        }
        Err(refused)
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

/// The Common Name (OID 2.5.4.3) in a certificate's subject, if it has one.
/// `subject` is the inside of the DER `Name`: a series of `SET`s, each of
/// `SEQUENCE { OID, value }`. DER is tag, length, value throughout.
fn common_name(subject: &[u8]) -> Option<&str> {
    const SET: u8 = 0x31;
    const SEQUENCE: u8 = 0x30;
    const OID: u8 = 0x06;
    const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
    let mut rdns = subject;
    while let Some((SET, set, rest)) = der_item(rdns) {
        rdns = rest;
        let mut attributes = set;
        while let Some((SEQUENCE, attribute, rest)) = der_item(attributes) {
            attributes = rest;
            if let Some((OID, COMMON_NAME, value)) = der_item(attribute) {
                // The value is a UTF8String or PrintableString: its bytes are the text.
                return der_item(value).and_then(|(_, text, _)| std::str::from_utf8(text).ok());
            }
        }
    }
    None
}

/// May this certificate's key serve TLS servers? Yes when it has no
/// extendedKeyUsage (any use), or when that names serverAuth or
/// anyExtendedKeyUsage (RFC 5280 §4.2.1.12). `None` of the structure
/// expected means no.
fn allows_server_auth(certificate: &[u8]) -> bool {
    const SEQUENCE: u8 = 0x30;
    const OID: u8 = 0x06;
    const BOOLEAN: u8 = 0x01;
    const OCTET_STRING: u8 = 0x04;
    /// `[3]`: where a certificate keeps its extensions (RFC 5280 §4.1).
    const EXTENSIONS: u8 = 0xa3;
    const EXTENDED_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25]; // 2.5.29.37
    const SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01]; // 1.3.6.1.5.5.7.3.1
    const ANY_USAGE: &[u8] = &[0x55, 0x1d, 0x25, 0x00]; // 2.5.29.37.0
    let Some((SEQUENCE, cert, _)) = der_item(certificate) else {
        return false;
    };
    let Some((SEQUENCE, mut tbs, _)) = der_item(cert) else {
        return false;
    };
    // The tbsCertificate's items in order; the extensions come last, tagged [3].
    while let Some((tag, value, rest)) = der_item(tbs) {
        tbs = rest;
        if tag != EXTENSIONS {
            continue;
        }
        let Some((SEQUENCE, mut extensions, _)) = der_item(value) else {
            return false;
        };
        while let Some((SEQUENCE, extension, rest)) = der_item(extensions) {
            extensions = rest;
            let Some((OID, EXTENDED_KEY_USAGE, after)) = der_item(extension) else {
                continue;
            };
            // An optional `critical` flag, then the value inside an OCTET STRING.
            let after = match der_item(after) {
                Some((BOOLEAN, _, rest)) => rest,
                _ => after,
            };
            let Some((OCTET_STRING, octets, _)) = der_item(after) else {
                return false;
            };
            let Some((SEQUENCE, mut purposes, _)) = der_item(octets) else {
                return false;
            };
            while let Some((OID, purpose, rest)) = der_item(purposes) {
                if purpose == SERVER_AUTH || purpose == ANY_USAGE {
                    return true;
                }
                purposes = rest;
            }
            return false;
        }
        return true; // extensions, but no extendedKeyUsage among them
    }
    true // no extensions at all
}

/// One DER item: its tag, its value, and the bytes after it. Lengths up to
/// two bytes long (64 KiB) are read; a name is never longer.
fn der_item(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = match first {
        0..=0x7f => (usize::from(first), rest),
        0x81 => (usize::from(*rest.first()?), rest.get(1..)?),
        0x82 => {
            let bytes = rest.get(..2)?;
            (
                usize::from(bytes[0]) << 8 | usize::from(bytes[1]),
                rest.get(2..)?,
            )
        }
        _ => return None,
    };
    let value = rest.get(..len)?;
    Some((tag, value, rest.get(len..)?))
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
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    };
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

    /// A self-signed certificate with basicConstraints CA:TRUE, used by the
    /// server as its own: what `openssl req -x509 -newkey rsa:2048 -nodes
    /// -subj /CN=localhost` makes (no subjectAltName, the name only in the
    /// CN), or with `san` the same plus `-addext subjectAltName=DNS:localhost`.
    fn self_signed_ca(
        san: bool,
        expired: bool,
        versions: &[&'static rustls::SupportedProtocolVersion],
    ) -> Result<(CertificateDer<'static>, Arc<ServerConfig>), Box<dyn std::error::Error>> {
        self_signed_ca_with(san, expired, versions, |_| {})
    }

    fn self_signed_ca_with(
        san: bool,
        expired: bool,
        versions: &[&'static rustls::SupportedProtocolVersion],
        edit: impl FnOnce(&mut CertificateParams),
    ) -> Result<(CertificateDer<'static>, Arc<ServerConfig>), Box<dyn std::error::Error>> {
        let names = if san {
            vec!["localhost".to_string()]
        } else {
            Vec::new()
        };
        let mut params = CertificateParams::new(names)?;
        params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        if expired {
            params.not_before = rcgen::date_time_ymd(2000, 1, 1);
            params.not_after = rcgen::date_time_ymd(2001, 1, 1);
        }
        edit(&mut params);
        let key = KeyPair::generate()?;
        let certificate = params.self_signed(&key)?.der().clone();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let config =
            ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_protocol_versions(versions)?
                .with_no_client_auth()
                .with_single_cert(vec![certificate.clone()], key)?;
        Ok((certificate, Arc::new(config)))
    }

    /// What the client says when it refuses: curl's exit code and a sentence.
    fn refusal(outcome: Result<(), Failed>) -> (u8, String) {
        let Err((Side::Client, e)) = outcome else {
            panic!("the client should have refused: {outcome:?}");
        };
        let classified = classify_tls_io_error(&io::Error::new(io::ErrorKind::InvalidData, e));
        let message = classified.to_string();
        assert!(!message.contains("Other("), "Debug output: {message}");
        (classified.exit_code(), message)
    }

    #[test]
    fn a_self_signed_certificate_given_with_cacert_is_trusted_as_curl_trusts_it() -> TestResult {
        for san in [false, true] {
            // Both versions, because each has its own signature check.
            for version in [&rustls::version::TLS13, &rustls::version::TLS12] {
                let (certificate, server) = self_signed_ca(san, false, &[version])?;
                let (client, outcome) =
                    connect(Trust::Roots(vec![certificate]), server, "localhost")?;
                assert!(outcome.is_ok(), "san: {san}, {version:?}: {outcome:?}");
                assert_eq!(client.protocol_version(), Some(version.version));
            }
            let (certificate, server) = self_signed_ca(san, false, rustls::DEFAULT_VERSIONS)?;
            let trust = || Trust::Roots(vec![certificate.clone()]);
            // The name is still checked...
            let (_, outcome) = connect(trust(), server.clone(), "other.test")?;
            let (code, message) = refusal(outcome);
            assert_eq!(code, 60, "{message}");
            assert!(
                message.contains("not valid for host other.test"),
                "{message}"
            );
            // ...and a self-signed certificate not in the file is refused.
            let stranger = new_ca("test CA")?;
            let (_, outcome) = connect(
                Trust::Roots(vec![stranger.certificate]),
                server,
                "localhost",
            )?;
            let (code, message) = refusal(outcome);
            assert_eq!(code, 60, "{message}");
            assert!(message.contains("self-signed certificate"), "{message}");
        }
        // So is one that has expired, even in the file.
        let (certificate, server) = self_signed_ca(true, true, rustls::DEFAULT_VERSIONS)?;
        let (_, outcome) = connect(Trust::Roots(vec![certificate]), server, "localhost")?;
        let (code, message) = refusal(outcome);
        assert_eq!(code, 60, "{message}");
        assert!(message.contains("certificate has expired"), "{message}");
        // And so is one whose key is not for TLS servers (OpenSSL: "unsuitable
        // certificate purpose"), while one that names serverAuth is fine.
        for (usages, accepted) in [
            (vec![ExtendedKeyUsagePurpose::ClientAuth], false),
            (
                vec![
                    ExtendedKeyUsagePurpose::ClientAuth,
                    ExtendedKeyUsagePurpose::ServerAuth,
                ],
                true,
            ),
        ] {
            let (certificate, server) =
                self_signed_ca_with(true, false, rustls::DEFAULT_VERSIONS, |params| {
                    params.extended_key_usages = usages.clone();
                })?;
            let (_, outcome) = connect(Trust::Roots(vec![certificate]), server, "localhost")?;
            if accepted {
                assert!(outcome.is_ok(), "{usages:?}: {outcome:?}");
            } else {
                let (code, message) = refusal(outcome);
                assert_eq!(code, 60, "{message}");
            }
        }
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
    fn an_answer_that_is_not_tls_is_named() {
        let not_tls = || {
            io::Error::new(
                io::ErrorKind::InvalidData,
                rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType),
            )
        };
        let mut server = io::Cursor::new(b"HTTP/1.1 400 Bad Request\r\n\r\n".to_vec());
        let mut watched = FirstBytes::new(&mut server);
        let _ = io::Read::read(&mut watched, &mut [0; 5]);
        let _ = io::Read::read(&mut watched, &mut [0; 100]);
        assert_eq!(watched.first(), b"HTTP/1.1 400");
        let plain = classify_handshake_error(&not_tls(), watched.first());
        assert_eq!(plain.exit_code(), 35);
        assert!(plain.to_string().contains("plain HTTP"), "{plain}");
        let html = classify_handshake_error(&not_tls(), b"<!DOCTYPE HT");
        assert_eq!(html.exit_code(), 35);
        assert!(html.to_string().contains("plain text"), "{html}");
        assert!(html.to_string().contains("\"<!DOCTYPE HT\""), "{html}");
        let binary = classify_handshake_error(&not_tls(), b"\x00\xff");
        assert_eq!(binary.exit_code(), 35);
        assert!(binary.to_string().contains("\"\\x00\\xff\""), "{binary}");
        // Anything else is classified as before.
        let reset = classify_handshake_error(&io::ErrorKind::ConnectionReset.into(), b"");
        assert_eq!(reset.exit_code(), 56);
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
