//! One file per exercise: the cases it is checked on. What they share is
//! here: finding the server under test, and the command that shows a case's
//! exchange byte by byte.

pub mod ex01_head_end;
pub mod ex02_request_line;
pub mod ex03_header_line;
pub mod ex04_response_head;
pub mod ex05_head_method;
pub mod ex06_route;
pub mod ex07_allow;
pub mod ex08_percent_decode;
pub mod ex09_form;
pub mod ex10_body_length;
pub mod ex11_body_in_pieces;
pub mod ex12_chunked;
pub mod ex13_keep_alive;
pub mod ex14_timeout;
pub mod ex15_framing_rules;
pub mod ex16_shutdown;
pub mod ex17_request_bytes;
pub mod ex18_redirect;
pub mod ex19_tls_or_plain;
pub mod ex20_body_limit;
pub mod ex21_safe_path;
pub mod ex22_range;
pub mod ex23_accept_encoding;
pub mod ex24_stream_chunks;
pub mod ex25_readiness;

use std::net::SocketAddr;

use super::server::Local;
use super::{Context, Failure, ServeFn};

/// The server to send requests to: the one at `--addr`, or `serve`
/// started here (kept running while the returned guard lives).
pub(crate) fn server_under_test(
    context: &Context,
    serve: ServeFn,
) -> Result<(SocketAddr, Option<Local>), Failure> {
    match context.addr {
        Some(addr) => Ok((addr, None)),
        None => {
            let local = Local::start(serve).map_err(|e| {
                Failure::server(
                    "starting your server",
                    b"",
                    "a server listening on 127.0.0.1",
                    e,
                )
            })?;
            Ok((local.addr, Some(local)))
        }
    }
}

/// The command that shows an exchange with `--trace`: `client` is
/// `get_client` or `post_client`, `flags` its flags before the URL;
/// `remote` the `--addr` server, if any.
pub(crate) fn see(
    remote: Option<SocketAddr>,
    exercise: &str,
    client: &str,
    flags: &str,
    path: &str,
) -> String {
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!("{flags} ")
    };
    match remote {
        Some(addr) => format!("cargo run -p {client} -- --trace {flags}'http://{addr}{path}'"),
        None => format!(
            "cargo run -p tutorial -- check {exercise} --serve 127.0.0.1:8080     # your server, in one terminal\n    \
             cargo run -p {client} -- --trace {flags}'http://127.0.0.1:8080{path}'   # in another"
        ),
    }
}

/// The request's `Host` value for `addr`.
pub(crate) fn host(addr: SocketAddr) -> String {
    addr.to_string()
}

/// A server case: its name, the bytes it sends, and how to see it.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub name: String,
    pub sent: Vec<u8>,
    pub see: Option<String>,
}

impl Case {
    pub fn new(name: impl Into<String>, sent: impl Into<Vec<u8>>) -> Case {
        Case {
            name: name.into(),
            sent: sent.into(),
            see: None,
        }
    }

    pub fn see(mut self, command: String) -> Case {
        self.see = Some(command);
        self
    }

    /// This case failed: `expected` this, `got` that.
    pub fn fail(&self, expected: impl Into<String>, got: impl Into<String>) -> Failure {
        let failure = Failure::server(self.name.clone(), &self.sent, expected, got);
        match &self.see {
            Some(command) => failure.see(command.clone()),
            None => failure,
        }
    }
}
