//! ex20_body_limit: bodies just under, at and just over a random limit,
//! sent with `Content-Length`, chunked, and a byte at a time.

use std::time::Duration;

use crate::check::exchange::{Client, WAIT};
use crate::check::server::Axum;
use crate::check::{Context, Failure};

use super::{Case, host, see};

const NAME: &str = "ex20_body_limit";

/// The limit a server at `--addr` is expected to use.
const ADDR_LIMIT: usize = 1024;

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let rng = &mut context.rng;
    // Small enough that a whole request fits in one read of the server's,
    // so a 413 sent before the body is read does not meet a reset.
    let limit = match context.addr {
        Some(_) => ADDR_LIMIT,
        None => rng.between(16, 2048),
    };
    let _server;
    let addr = match context.addr {
        Some(addr) => addr,
        None => {
            let server = Axum::start((context.implementation.ex20_body_limit)(limit))
                .map_err(|e| Failure::server("starting your app", b"", "a running server", e))?;
            let addr = server.addr;
            _server = server;
            addr
        }
    };
    let trace = see(context.addr, NAME, "post_client", "-d @body.txt", "/upload");
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Send {
        Whole,
        Chunked,
        Dribbled,
    }
    let sizes = [
        (limit - 1, Send::Whole),
        (limit, Send::Whole),
        (limit + 1, Send::Whole),
        (limit + 10, Send::Chunked),
        (limit - 1, Send::Chunked),
        (limit, Send::Dribbled),
    ];
    for (size, how) in sizes {
        let body = rng.bytes(size..=size);
        let framing = match how {
            Send::Chunked => format!("{}: chunked\r\n", rng.mixed_case("transfer-encoding")),
            _ => format!("{}: {size}\r\n", rng.mixed_case("content-length")),
        };
        let mut request = format!(
            "POST /upload HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n{framing}\r\n",
            host(addr)
        )
        .into_bytes();
        let head_len = request.len();
        match how {
            Send::Chunked => {
                let half = size / 2;
                for part in [&body[..half], &body[half..]] {
                    request.extend(format!("{:x}\r\n", part.len()).bytes());
                    request.extend(part);
                    request.extend(b"\r\n");
                }
                request.extend(b"0\r\n\r\n");
            }
            _ => request.extend(&body),
        }
        let how_text = match how {
            Send::Whole => "with Content-Length",
            Send::Chunked => "chunked",
            Send::Dribbled => "a byte at a time",
        };
        let case = Case::new(
            format!("a body of {size} bytes, {how_text}, with a limit of {limit}"),
            request.clone(),
        )
        .see(trace.clone());
        let expected = if size <= limit {
            format!("200, with the body \"got {size} bytes\\n\"")
        } else {
            "413 Content Too Large".to_string()
        };
        let mut client = Client::connect(addr).map_err(|e| case.fail(&expected, e))?;
        if how == Send::Dribbled {
            client
                .send(&request[..head_len])
                .map_err(|e| case.fail(&expected, e))?;
            client
                .dribble(&request[head_len..], Duration::ZERO)
                .map_err(|e| case.fail(&expected, e))?;
        } else {
            client.send(&request).map_err(|e| case.fail(&expected, e))?;
        }
        let reply = client
            .response("POST", WAIT)
            .map_err(|e| case.fail(&expected, e))?;
        let right = if size <= limit {
            reply.status() == 200 && reply.body == format!("got {size} bytes\n").as_bytes()
        } else {
            reply.status() == 413
        };
        if !right {
            return Err(case.fail(expected, reply.shown()));
        }
    }
    Ok(())
}
