//! get_client's curl flags against scripted servers: several URLs on one
//! connection, redirects, -f, -o, --compressed, -m, --trace, HTTPS, and a
//! large body streamed.

#![allow(clippy::unwrap_used)]

use clap::Parser;
use std::io::Write;
use std::sync::Arc;

use get_client::{Args, ClientError};
use test_servers::conversation::{Conversation, Reply, silent_server};

/// Runs the client as the binary would, with stdout and stderr in memory.
fn run(args: &[&str]) -> (Result<(), ClientError>, Vec<u8>, String) {
    test_servers::run_client("get_client", args, |a, out, err| {
        get_client::run(a, out, err)
    })
}

fn exit_code(result: &Result<(), ClientError>) -> u8 {
    result.as_ref().map_or_else(ClientError::exit_code, |()| 0)
}

fn ok(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn target(request: &[u8]) -> String {
    String::from_utf8_lossy(request)
        .split(' ')
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn several_urls_to_one_server_share_one_connection() {
    let server = Conversation::start(vec![Reply::keep(&ok("one")), Reply::keep(&ok("two"))]);
    let (result, stdout, stderr) = run(&["-v", &server.url("/1"), &server.url("/2")]);
    result.unwrap();
    assert_eq!(stdout, b"onetwo");
    assert!(
        stderr.contains("* reusing connection to 127.0.0.1:"),
        "{stderr}"
    );
    let received = server.received();
    assert_eq!(
        received.iter().map(|r| r.connection).collect::<Vec<_>>(),
        [0, 0]
    );
}

#[test]
fn a_kept_connection_the_server_closed_is_replaced() {
    // The first reply says nothing about closing, but the server closes.
    let server = Conversation::start(vec![Reply::close(&ok("one")), Reply::keep(&ok("two"))]);
    let (result, stdout, stderr) = run(&["-v", &server.url("/1"), &server.url("/2")]);
    result.unwrap();
    assert_eq!(stdout, b"onetwo");
    assert!(stderr.contains("connecting again"), "{stderr}");
    let received = server.received();
    assert_eq!(
        received.iter().map(|r| r.connection).collect::<Vec<_>>(),
        [0, 1]
    );
}

#[test]
fn redirects_are_followed_with_l_and_only_the_last_body_is_printed() {
    let server = Conversation::start(vec![
        Reply::keep(
            b"HTTP/1.1 301 Moved Permanently\r\nLocation: /b/c\r\nContent-Length: 5\r\n\r\nmoved",
        ),
        Reply::keep(b"HTTP/1.1 302 Found\r\nLocation: ../d?x=1\r\nContent-Length: 0\r\n\r\n"),
        Reply::keep(&ok("there")),
    ]);
    let (result, stdout, _) = run(&["-L", &server.url("/a")]);
    result.unwrap();
    assert_eq!(stdout, b"there");
    let targets: Vec<String> = server
        .received()
        .iter()
        .map(|r| target(&r.request))
        .collect();
    assert_eq!(targets, ["GET /a", "GET /b/c", "GET /d?x=1"]);
}

#[test]
fn without_l_a_redirect_is_just_an_answer() {
    let server = Conversation::start(vec![Reply::keep(
        b"HTTP/1.1 302 Found\r\nLocation: /b\r\nContent-Length: 5\r\n\r\nmoved",
    )]);
    let (result, stdout, _) = run(&["-i", &server.url("/a")]);
    result.unwrap();
    assert!(stdout.starts_with(b"HTTP/1.1 302 Found\r\n") && stdout.ends_with(b"moved"));
}

#[test]
fn a_redirect_loop_stops_at_max_redirs_with_exit_47() {
    let loop_reply = b"HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n";
    let server = Conversation::start(vec![Reply::keep(loop_reply); 4]);
    let (result, _, _) = run(&["-L", "--max-redirs", "3", &server.url("/again")]);
    assert_eq!(exit_code(&result), 47);
    assert_eq!(
        server.received().len(),
        4,
        "the first request and three redirects"
    );
}

#[test]
fn i_with_l_shows_every_head() {
    let server = Conversation::start(vec![
        Reply::keep(
            b"HTTP/1.1 307 Temporary Redirect\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n",
        ),
        Reply::keep(&ok("b")),
    ]);
    let (result, stdout, _) = run(&["-i", "-L", &server.url("/a")]);
    result.unwrap();
    let text = String::from_utf8(stdout).unwrap();
    assert!(
        text.starts_with("HTTP/1.1 307 Temporary Redirect\r\n"),
        "{text}"
    );
    assert!(
        text.contains("\r\n\r\nHTTP/1.1 200 OK\r\n") && text.ends_with("\r\n\r\nb"),
        "{text}"
    );
}

#[test]
fn f_turns_an_http_error_into_exit_22_without_the_body() {
    let server = Conversation::start(vec![Reply::keep(
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope",
    )]);
    let (result, stdout, _) = run(&["-f", &server.url("/x")]);
    assert_eq!(exit_code(&result), 22);
    assert_eq!(stdout, b"");
    assert!(result.unwrap_err().to_string().contains("404"));
}

#[test]
fn o_writes_the_body_to_a_file() {
    let dir = std::env::temp_dir().join(format!("get_client_o_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("body.bin");
    let binary: Vec<u8> = (0..=255).collect();
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
        binary.len()
    )
    .into_bytes();
    reply.extend_from_slice(&binary);
    let server = Conversation::start(vec![Reply::keep(&reply)]);
    let (result, stdout, _) = run(&["-o", path.to_str().unwrap(), &server.url("/")]);
    result.unwrap();
    assert_eq!(stdout, b"", "nothing on stdout");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        binary,
        "every byte value, as sent"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compressed_asks_for_gzip_and_decodes_it() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"Hello, gzip!").unwrap();
    let body = gz.finish().unwrap();
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    reply.extend_from_slice(&body);
    let server = Conversation::start(vec![Reply::keep(&reply), Reply::keep(&reply)]);
    let url = server.url("/");
    let (result, stdout, _) = run(&["--compressed", &url]);
    result.unwrap();
    assert_eq!(stdout, b"Hello, gzip!");
    // Without --compressed the bytes are printed as they came.
    let (result, stdout, _) = run(&[&url]);
    result.unwrap();
    assert_eq!(stdout, body);
    let received = server.received();
    assert!(
        String::from_utf8_lossy(&received[0].request)
            .contains("\r\nAccept-Encoding: gzip, deflate\r\n")
    );
    assert!(!String::from_utf8_lossy(&received[1].request).contains("Accept-Encoding"));
}

#[test]
fn max_time_gives_up_on_a_server_that_never_answers_with_exit_28() {
    let (addr, server) = silent_server();
    let (result, _, _) = run(&["-m", "0.3", &format!("http://{addr}/")]);
    assert_eq!(exit_code(&result), 28, "{result:?}");
    server.join().unwrap();
}

#[test]
fn trace_labels_every_byte_both_ways() {
    let server = Conversation::start(vec![Reply::keep(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nHello\r\n0\r\nT: 1\r\n\r\n",
    )]);
    let (result, stdout, stderr) = run(&["--trace", &server.url("/t")]);
    result.unwrap();
    assert_eq!(stdout, b"Hello");
    for line in [
        "=> sent ",
        "   request line  GET /t HTTP/1.1\\r\\n",
        "   header        User-Agent: get_client/0.1\\r\\n",
        "<= received",
        "   status line   HTTP/1.1 200 OK\\r\\n",
        "   header        Transfer-Encoding: chunked\\r\\n",
        "   chunk size    5;x=y\\r\\n",
        "   chunk data    Hello",
        "   chunk end     \\r\\n",
        "   last chunk    0\\r\\n",
        "   trailer       T: 1\\r\\n",
        "   end           \\r\\n",
    ] {
        assert!(stderr.contains(line), "{line:?} missing from:\n{stderr}");
    }
}

#[test]
fn a_large_body_is_streamed_not_held() {
    /// Counts what is written, keeping none of it.
    #[derive(Default)]
    struct Counter {
        bytes: usize,
        writes: usize,
    }
    impl Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.bytes += buf.len();
            self.writes += 1;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    const SIZE: usize = 32 * 1024 * 1024;
    let mut reply = format!("HTTP/1.1 200 OK\r\nContent-Length: {SIZE}\r\n\r\n").into_bytes();
    reply.resize(reply.len() + SIZE, b'x');
    let server = Conversation::start(vec![Reply::keep(&reply)]);
    let args = Args::try_parse_from(["get_client", &server.url("/big")]).unwrap();
    let mut out = Counter::default();
    get_client::run(&args, &mut out, &mut Vec::new()).unwrap();
    assert_eq!(out.bytes, SIZE);
    // Written a read at a time (16 KiB), not once at the end.
    assert!(out.writes > SIZE / (64 * 1024), "{} writes", out.writes);
}

/// A private CA and a certificate it signed for `localhost`, made here.
struct Pki {
    ca_pem: String,
    server: Arc<rustls::ServerConfig>,
    /// A certificate for `localhost` signed by nobody we trust.
    stranger: Arc<rustls::ServerConfig>,
}

fn pki() -> Pki {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().unwrap();
    let server_cert = CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&server_key, &issuer)
        .unwrap();
    let stranger_key = KeyPair::generate().unwrap();
    let stranger_cert = CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .self_signed(&stranger_key)
        .unwrap();
    let config = |cert: &rcgen::Certificate, key: &KeyPair| {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = rustls_pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
        Arc::new(
            rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(vec![cert.der().clone()], key)
                .unwrap(),
        )
    };
    Pki {
        ca_pem: ca.pem(),
        server: config(&server_cert, &server_key),
        stranger: config(&stranger_cert, &stranger_key),
    }
}

#[test]
fn https_with_cacert_without_it_and_with_k() {
    let pki = pki();
    let dir = std::env::temp_dir().join(format!("get_client_tls_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &pki.ca_pem).unwrap();
    let ca = ca_file.to_str().unwrap();

    // --cacert: our CA signed the server's certificate for localhost.
    let server = Conversation::start_tls(vec![Reply::keep(&ok("secret"))], pki.server.clone());
    let url = format!("https://localhost:{}/s", server.addr.port());
    let (result, stdout, _) = run(&["--cacert", ca, &url]);
    result.unwrap();
    assert_eq!(stdout, b"secret");
    assert!(
        String::from_utf8_lossy(&server.received()[0].request).starts_with("GET /s HTTP/1.1\r\n")
    );

    // The system's CAs have never heard of ours: a certificate error, exit
    // 60. (A machine with no CA store at all says so instead: exit 77.)
    let server = Conversation::start_tls(vec![Reply::keep(&ok("secret"))], pki.server.clone());
    let url = format!("https://localhost:{}/s", server.addr.port());
    let (result, stdout, _) = run(&[&url]);
    let system_has_cas = !rustls_native_certs::load_native_certs().certs.is_empty();
    assert_eq!(
        exit_code(&result),
        if system_has_cas { 60 } else { 77 },
        "{result:?}"
    );
    assert_eq!(stdout, b"");
    drop(server);

    // A stranger's certificate: refused with --cacert, accepted with -k (and a warning).
    let server = Conversation::start_tls(vec![Reply::keep(&ok("anyone"))], pki.stranger.clone());
    let url = format!("https://localhost:{}/", server.addr.port());
    assert_eq!(exit_code(&run(&["--cacert", ca, &url]).0), 60);
    let (result, stdout, stderr) = run(&["-k", &url]);
    result.unwrap();
    assert_eq!(stdout, b"anyone");
    assert!(stderr.contains("warning: -k"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn i_shows_trailer_fields_after_the_body_as_curl_does() {
    let reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-Checksum: 42\r\n\r\n";
    let server = Conversation::start(vec![Reply::keep(reply)]);
    let (result, stdout, _) = run(&["-i", &server.url("/")]);
    result.unwrap();
    assert_eq!(
        stdout,
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nhiX-Checksum: 42\r\n"
    );
}

#[test]
fn connect_timeout_gives_up_on_a_server_that_does_not_accept_with_exit_28() {
    use socket2::{Domain, Socket, Type};
    // A listener with a full accept queue: the kernel drops further SYNs,
    // so a new connection neither succeeds nor fails, as with a dead host.
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener
        .bind(
            &"127.0.0.1:0"
                .parse::<std::net::SocketAddr>()
                .unwrap()
                .into(),
        )
        .unwrap();
    listener.listen(0).unwrap();
    let addr = listener.local_addr().unwrap().as_socket().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        if let Ok(stream) =
            std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(200))
        {
            fillers.push(stream);
        }
    }
    let started = std::time::Instant::now();
    let (result, _, _) = run(&["--connect-timeout", "0.3", &format!("http://{addr}/")]);
    assert_eq!(exit_code(&result), 28, "{result:?}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "gave up in time: {:?}",
        started.elapsed()
    );
}

#[test]
fn https_to_a_plain_http_server_says_so_with_exit_35() {
    // A plain-HTTP server reads the TLS ClientHello as a bad request and
    // answers in plain text, as Python's http.server and nginx do.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = std::io::Read::read(&mut stream, &mut [0; 1024]);
        let _ = stream.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    });
    let (result, stdout, _) = run(&["-k", &format!("https://127.0.0.1:{}/", addr.port())]);
    assert_eq!(exit_code(&result), 35, "{result:?}");
    let message = result.unwrap_err().to_string();
    assert!(message.contains("plain HTTP"), "{message}");
    assert!(message.contains("http://"), "{message}");
    assert!(!message.contains("InvalidContentType"), "{message}");
    assert_eq!(stdout, b"");
    server.join().unwrap();
}

#[test]
fn compressed_decodes_every_gzip_member_and_a_broken_body_is_exit_61() {
    let gzip = |data: &[u8]| {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(data).unwrap();
        gz.finish().unwrap()
    };
    let answer = |body: &[u8]| {
        let mut reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        reply.extend_from_slice(body);
        reply
    };
    let mut two_members = gzip(b"one, ");
    two_members.extend(gzip(b"two"));
    let broken = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage".to_vec();
    let server = Conversation::start(vec![
        Reply::keep(&answer(&two_members)),
        Reply::keep(&answer(&broken)),
    ]);
    let (result, stdout, _) = run(&["--compressed", &server.url("/two")]);
    result.unwrap();
    assert_eq!(stdout, b"one, two");
    let (result, _, _) = run(&["--compressed", &server.url("/broken")]);
    assert_eq!(exit_code(&result), 61, "{result:?}");
    let message = result.unwrap_err().to_string();
    assert!(message.contains("content unencoding"), "{message}");
    server.received();
}

/// The credentials a test gives with `-H`, and one header that is not one.
const CREDENTIALS: [&str; 4] = [
    "Authorization: Bearer secret",
    "Cookie: session=1",
    "Proxy-Authorization: Basic c2VjcmV0",
    "X-Other: kept",
];

/// Runs `flag` (-L or --location-trusted) through a redirect from one
/// server to `location`, with [`CREDENTIALS`]; returns the second request.
fn request_after_redirect(flag: &str, other_origin: bool) -> String {
    let other = Conversation::start(vec![Reply::keep(&ok("there"))]);
    let location = if other_origin {
        other.url("/b")
    } else {
        "/b".to_string()
    };
    let redirect =
        format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n");
    let mut replies = vec![Reply::keep(redirect.as_bytes())];
    if !other_origin {
        replies.push(Reply::keep(&ok("here")));
    }
    let first = Conversation::start(replies);
    let url = first.url("/a");
    let mut args = vec![flag];
    for header in CREDENTIALS {
        args.extend(["-H", header]);
    }
    args.push(&url);
    let (result, stdout, _) = run(&args);
    result.unwrap();
    let mut received = first.received();
    let sent = String::from_utf8_lossy(&received[0].request).into_owned();
    for header in CREDENTIALS {
        assert!(
            sent.contains(header),
            "the first request has {header}: {sent}"
        );
    }
    if other_origin {
        assert_eq!(stdout, b"there");
        String::from_utf8(other.received().remove(0).request).unwrap()
    } else {
        assert_eq!(stdout, b"here");
        String::from_utf8(received.remove(1).request).unwrap()
    }
}

#[test]
fn credentials_do_not_follow_a_redirect_to_another_origin() {
    let next = request_after_redirect("-L", true);
    assert!(next.starts_with("GET /b HTTP/1.1\r\n"), "{next}");
    for header in &CREDENTIALS[..3] {
        assert!(
            !next.contains(header),
            "{header} went to another port: {next}"
        );
    }
    assert!(next.contains("\r\nX-Other: kept\r\n"), "{next}");
}

#[test]
fn credentials_follow_a_redirect_to_the_same_origin_and_with_location_trusted() {
    for (flag, other_origin) in [("-L", false), ("--location-trusted", true)] {
        let next = request_after_redirect(flag, other_origin);
        assert!(next.starts_with("GET /b HTTP/1.1\r\n"), "{flag}: {next}");
        for header in CREDENTIALS {
            assert!(
                next.contains(header),
                "{flag}: {header} was dropped: {next}"
            );
        }
    }
}

#[test]
fn o_leaves_an_existing_file_alone_until_there_is_a_body_to_write() {
    let dir = std::env::temp_dir().join(format!("get_client_o_lazy_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("kept.txt");
    let file = path.to_str().unwrap();
    std::fs::write(&path, "old").unwrap();
    // A refused connection: bind a port, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (result, _, _) = run(&["-o", file, &format!("http://127.0.0.1:{port}/")]);
    assert_eq!(exit_code(&result), 7);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"old",
        "after a refused connection"
    );
    // -f on a 404: no body to write.
    let server = Conversation::start(vec![Reply::keep(
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope",
    )]);
    let (result, _, _) = run(&["-f", "-o", file, &server.url("/")]);
    assert_eq!(exit_code(&result), 22);
    assert_eq!(std::fs::read(&path).unwrap(), b"old", "after -f on a 404");
    // A 200 with an empty body: the transfer worked, so curl writes the
    // (empty) file, and so do we.
    let server = Conversation::start(vec![Reply::keep(&ok(""))]);
    let (result, _, _) = run(&["-o", file, &server.url("/")]);
    result.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"", "after an empty 200");
    let created = dir.join("new.txt");
    let server = Conversation::start(vec![Reply::keep(&ok(""))]);
    let (result, _, _) = run(&["-o", created.to_str().unwrap(), &server.url("/")]);
    result.unwrap();
    assert_eq!(std::fs::read(&created).unwrap(), b"", "created when empty");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_server_that_sends_interim_responses_without_end_is_cut_off_with_exit_8() {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() == 1 {
            head.push(byte[0]);
        }
        let interim = format!(
            "HTTP/1.1 102 Processing\r\nX-Pad: {}\r\n\r\n",
            "a".repeat(1000)
        );
        let mut sent = 0;
        // Until the client hangs up (or 10 MB, a safety net).
        while sent < 10_000_000 && stream.write_all(interim.as_bytes()).is_ok() {
            sent += interim.len();
        }
        sent
    });
    let (result, _, _) = run(&[&format!("http://{addr}/")]);
    assert_eq!(exit_code(&result), 8, "{result:?}");
    assert!(
        result
            .unwrap_err()
            .to_string()
            .contains("interim (1xx) responses"),
        "says why"
    );
    assert!(server.join().unwrap() < 10_000_000, "the client hung up");
}

#[test]
fn a_stalled_tls_handshake_counts_against_connect_timeout() {
    // Takes the TCP connection, then never answers the ClientHello.
    let (addr, server) = silent_server();
    let started = std::time::Instant::now();
    let (result, _, _) = run(&[
        "-s",
        "-k",
        "--connect-timeout",
        "0.3",
        &format!("https://{addr}/"),
    ]);
    let elapsed = started.elapsed();
    assert_eq!(exit_code(&result), 28, "{result:?}");
    let message = result.unwrap_err().to_string();
    assert!(
        message.starts_with("Connection timed out after ") && !message.contains("os error"),
        "{message}"
    );
    assert!(elapsed < std::time::Duration::from_secs(5), "{elapsed:?}");
    server.join().unwrap();
}
