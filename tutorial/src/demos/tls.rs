//! Chapter 13, `tls`: HTTPS is the same HTTP bytes inside TLS records.
//!
//! A certificate for `localhost` is made on the spot, and a small TLS
//! front (what nginx does before a server) decrypts and passes the request
//! to `socket_api`, then to `framework_api`. A tap on the TCP socket
//! records what really crossed it: TLS records, each a 5-byte header (type,
//! version, length) and an encrypted payload. The request `get_client`
//! wrote is byte for byte the one an `http://` URL would send, and it is
//! nowhere in the captured bytes.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Instant;

use raw_client::transport::{ConnectOptions, connect};
use wire::HttpUrl;

use super::{Conn, DemoResult, OneShot, Servers, WAIT, ask, read_head, show, step};

pub const ABOUT: &str = "HTTPS: the same request bytes inside TLS records, captured on the wire";

/// Every byte that crossed the TCP socket, each way.
#[derive(Debug, Default)]
struct Captured {
    from_client: Vec<u8>,
    to_client: Vec<u8>,
}

/// A TCP socket that keeps a copy of what it reads and writes.
#[derive(Debug)]
struct Tap {
    tcp: TcpStream,
    captured: Arc<Mutex<Captured>>,
}

impl Read for Tap {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.tcp.read(buf)?;
        if let Ok(mut c) = self.captured.lock() {
            c.from_client.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }
}

impl Write for Tap {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.tcp.write(buf)?;
        if let Ok(mut c) = self.captured.lock() {
            c.to_client.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tcp.flush()
    }
}

/// The TLS records in `bytes`: `(type, length)` from each 5-byte header.
pub fn records(bytes: &[u8]) -> Vec<(&'static str, usize)> {
    let mut found = Vec::new();
    let mut rest = bytes;
    while let [kind, _, _, high, low, ..] = *rest {
        let len = usize::from(high) << 8 | usize::from(low);
        let name = match kind {
            0x14 => "change cipher spec",
            0x15 => "alert",
            0x16 => "handshake",
            0x17 => "application data",
            _ => "not TLS",
        };
        found.push((name, len));
        rest = rest.get(5 + len..).unwrap_or_default();
    }
    found
}

type Certificate = rustls::pki_types::CertificateDer<'static>;

/// A certificate for `localhost`, made now, and a TLS server config using it.
fn certificate() -> Result<(Certificate, Arc<rustls::ServerConfig>), Box<dyn std::error::Error>> {
    let key = rcgen::KeyPair::generate()?;
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()])?.self_signed(&key)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let private = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], private)?;
    Ok((cert.der().clone(), Arc::new(config)))
}

/// What a TLS front reports when done: the bytes on the wire, and the
/// request it decrypted.
type Seen = mpsc::Receiver<(Captured, Vec<u8>)>;

/// A TLS front for one connection: decrypts the request, asks `backend`
/// over plain TCP, encrypts the answer. Sends back what crossed the wire.
fn tls_front(
    config: Arc<rustls::ServerConfig>,
    backend: SocketAddr,
) -> io::Result<(OneShot, Seen)> {
    let (sender, receiver) = mpsc::channel();
    let front = OneShot::start(move |tcp: TcpStream| {
        let captured = Arc::new(Mutex::new(Captured::default()));
        let tap = Tap {
            tcp,
            captured: Arc::clone(&captured),
        };
        let Ok(conn) = rustls::ServerConnection::new(config) else {
            return;
        };
        let mut tls = rustls::StreamOwned::new(conn, tap);
        let (request, _) = read_head(&mut tls);
        if let Ok(super::Answer::Reply(reply)) = ask(backend, &request, WAIT) {
            let _ = tls.write_all(&reply.bytes()).and_then(|()| tls.flush());
        }
        tls.conn.send_close_notify();
        let _ = tls.flush();
        let captured = std::mem::take(&mut *captured.lock().unwrap_or_else(|e| e.into_inner()));
        let _ = sender.send((captured, request));
    })?;
    Ok((front, receiver))
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    let (cert, server_config) = certificate()?;
    let client_config = raw_client::tls::client_config(raw_client::tls::Trust::Roots(vec![cert]))?;
    let servers = Servers::start(socket_api::Config::default())?;
    for (name, backend) in servers.each() {
        step(
            out,
            &format!("https:// to a TLS front, then plain HTTP to {name}"),
        )?;
        let (front, seen) = tls_front(Arc::clone(&server_config), backend)?;
        let url = HttpUrl::parse(&format!("https://localhost:{}/hello", front.addr.port()))?;
        let request = get_client::request_bytes("GET", &url, &[]);
        let options = ConnectOptions {
            connect_timeout: None,
            tls: Some(Arc::clone(&client_config)),
        };
        let mut conn = Conn::from_stream(connect(&url, &options, Some(Instant::now() + WAIT))?);
        conn.write_all(&request)?;
        let reply = conn.answer("GET", WAIT).reply()?;
        drop(conn);
        front.join();
        let (captured, inside) = seen.recv()?;
        show(out, "get_client wrote, into TLS", &request)?;
        writeln!(
            out,
            "the TLS front decrypted the same {} bytes: {}",
            inside.len(),
            inside == request
        )?;
        writeln!(
            out,
            "answer, decrypted by the client: {} {:?}",
            reply.status_line(),
            String::from_utf8_lossy(&reply.body)
        )?;
        if name != socket_api::SERVER_NAME {
            continue;
        }
        writeln!(
            out,
            "\nWhat crossed the TCP connection (a 5-byte header per record: type, version, length):"
        )?;
        for (who, bytes) in [
            ("client -> server", &captured.from_client),
            ("server -> client", &captured.to_client),
        ] {
            let list: Vec<String> = records(bytes)
                .iter()
                .map(|(kind, len)| format!("{kind} ({len} B)"))
                .collect();
            writeln!(
                out,
                "  {who}: {} bytes in {} records: {}",
                bytes.len(),
                list.len(),
                list.join(", ")
            )?;
        }
        let first: Vec<String> = captured
            .from_client
            .iter()
            .take(6)
            .map(|b| format!("{b:02X}"))
            .collect();
        writeln!(
            out,
            "  the first bytes: {} (16 = handshake, 03 01 = version, 00 F6 = length, 01 = ClientHello)",
            first.join(" ")
        )?;
        let visible = captured.from_client.windows(10).any(|w| w == b"GET /hello");
        writeln!(
            out,
            "  \"GET /hello\" in the captured bytes: {}",
            if visible {
                "found"
            } else {
                "not found: it is encrypted"
            }
        )?;
    }
    servers.stop()?;
    writeln!(
        out,
        "\nThe handshake proves the server holds the certificate for localhost (which the client"
    )?;
    writeln!(
        out,
        "trusts, here because the demo made it); then each HTTP message travels as"
    )?;
    writeln!(
        out,
        "application data records (in TLS 1.3 most of the handshake too, the certificate"
    )?;
    writeln!(out, "included). Same bytes inside; no HTTP rule changes.")?;
    Ok(())
}
