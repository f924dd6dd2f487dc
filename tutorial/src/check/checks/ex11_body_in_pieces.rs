//! ex11_body_in_pieces: POST /echo with random bodies, sent whole, a byte
//! at a time, half and half, and followed by the next request's bytes.

use std::time::Duration;

use crate::check::exchange::{Client, WAIT};
use crate::check::failure::bytes;
use crate::check::{Context, Failure};

use super::{Case, host, see, server_under_test};

const NAME: &str = "ex11_body_in_pieces";

/// Between two dribbled bytes: long enough for each to be its own `read`.
const GAP: Duration = Duration::from_millis(2);

#[derive(Debug, Clone, Copy)]
enum Pace {
    /// Head and body in one write.
    Whole,
    /// The head, then the body a byte at a time.
    Dribbled,
    /// The head and half the body, then the rest a byte at a time.
    HalfThenDribbled,
    /// Head, body and the next request's bytes in one write.
    ThenMore,
}

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let (addr, _server) = server_under_test(context, context.implementation.ex11_body_in_pieces)?;
    let remote = context.addr;
    let rng = &mut context.rng;
    let paces = [
        ("the body in the same write as the head", Pace::Whole),
        ("the body a byte at a time", Pace::Dribbled),
        (
            "half the body with the head, the rest a byte at a time",
            Pace::HalfThenDribbled,
        ),
        (
            "the body, then the next request's bytes in the same write",
            Pace::ThenMore,
        ),
    ];
    for (what, pace) in paces {
        let body = rng.bytes(5..=40);
        let (h, cl) = (rng.mixed_case("host"), rng.mixed_case("content-length"));
        let head = format!(
            "POST /echo HTTP/1.1\r\n{h}: {}\r\n{cl}: {}\r\nConnection: close\r\n\r\n",
            host(addr),
            body.len()
        );
        let next = b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
        let mut all = head.clone().into_bytes();
        all.extend_from_slice(&body);
        if let Pace::ThenMore = pace {
            all.extend_from_slice(next);
        }
        let case = Case::new(
            format!("POST /echo with {} bytes: {what}", body.len()),
            all.clone(),
        )
        .see(see(remote, NAME, "post_client", "-d 'hello'", "/echo"));
        let expected = format!(
            "200, with the {} bytes of the body echoed: {}",
            body.len(),
            bytes(&body)
        );
        let fail = |got: String| case.fail(&expected, got);
        let mut client = Client::connect(addr).map_err(fail)?;
        let split = match pace {
            Pace::Whole | Pace::ThenMore => all.len(),
            Pace::Dribbled => head.len(),
            Pace::HalfThenDribbled => head.len() + body.len() / 2,
        };
        client.send(&all[..split]).map_err(fail)?;
        client.dribble(&all[split..], GAP).map_err(fail)?;
        let reply = client.response("POST", WAIT).map_err(fail)?;
        if reply.status() != 200 || reply.body != body {
            return Err(fail(reply.shown()));
        }
    }
    Ok(())
}
