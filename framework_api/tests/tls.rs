//! HTTPS with `--tls-self-signed`: the project's own client (get_client's
//! library, with `--cacert`) trusts the CA the server wrote out.
#![allow(clippy::unwrap_used)]

mod common;
use clap::Parser;
use common::temp_dir;
use framework_api::{Config, Running};

#[test]
fn get_client_trusts_the_self_signed_ca() {
    let dir = temp_dir("tls");
    let ca_file = dir.join("ca.pem");
    let tls = framework_api::tls::self_signed(&ca_file).unwrap();
    let pem = std::fs::read_to_string(&ca_file).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    let server =
        Running::start_tls("127.0.0.1:0".parse().unwrap(), Config::default(), tls).unwrap();
    let port = server.addr().port();
    let ca = ca_file.to_str().unwrap();

    for host in ["localhost", "127.0.0.1"] {
        let url = format!("https://{host}:{port}/echo/over%20TLS");
        let args = get_client::Args::try_parse_from(["get_client", "--cacert", ca, &url]).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        get_client::run(&args, &mut out, &mut err)
            .unwrap_or_else(|e| panic!("{host}: {e} {}", String::from_utf8_lossy(&err)));
        assert_eq!(out, b"over TLS");
    }

    // Without --cacert, the system's CAs do not know ours: exit 60 (or 77
    // on a machine with no CA store at all).
    let url = format!("https://localhost:{port}/hello");
    let args = get_client::Args::try_parse_from(["get_client", &url]).unwrap();
    let error = get_client::run(&args, &mut Vec::new(), &mut Vec::new()).unwrap_err();
    assert!([60, 77].contains(&error.exit_code()), "{error}");

    // Plain HTTP to the HTTPS port is a failed handshake, not a served request.
    let bytes = common::exchange(server.addr(), b"GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
    assert!(!String::from_utf8_lossy(&bytes).contains("Hello"));
    server.shutdown().unwrap();
}

#[test]
fn certificate_files_are_read_and_checked() {
    let dir = temp_dir("tls-files");
    let missing = framework_api::tls::config_from_files(&dir.join("no.pem"), &dir.join("no.key"));
    assert!(missing.unwrap_err().to_string().contains("no.pem"));
    std::fs::write(dir.join("empty.pem"), "nothing here").unwrap();
    let empty =
        framework_api::tls::config_from_files(&dir.join("empty.pem"), &dir.join("empty.pem"));
    assert!(
        empty
            .unwrap_err()
            .to_string()
            .contains("no PEM certificate")
    );
}
