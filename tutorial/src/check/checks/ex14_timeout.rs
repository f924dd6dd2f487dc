//! ex14_timeout: a head that stops halfway, and one that never ends (a byte
//! every so often, Slowloris), must get `408` and a close in time; a slow
//! head that does finish in time must not.

use std::time::{Duration, Instant};

use crate::check::exchange::{Client, WAIT};
use crate::check::{Context, Failure};

use super::{Case, host, see, server_under_test};

const NAME: &str = "ex14_timeout";

/// With `--addr` the server's timeout is unknown: at most this, we assume.
const ADDR_TIMEOUT: Duration = Duration::from_secs(12);

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let (addr, _server) = server_under_test(context, context.implementation.ex14_timeout)?;
    let remote = context.addr;
    // How long the server may take: its HEAD_TIMEOUT, and some slack.
    let timeout = match remote {
        Some(_) => ADDR_TIMEOUT,
        None => context.implementation.ex14_head_timeout,
    };
    let slack = Duration::from_millis(400);
    let rng = &mut context.rng;
    let name = rng.word();
    let head = format!(
        "GET /hello?name={name} HTTP/1.1\r\n{}: {}\r\nConnection: close\r\n\r\n",
        rng.mixed_case("host"),
        host(addr)
    )
    .into_bytes();
    let trace = see(
        remote,
        NAME,
        "get_client",
        "",
        &format!("/hello?name={name}"),
    );

    let case = Case::new("a whole head at once gets its answer", head.clone()).see(trace.clone());
    let expected = format!("200, Hello, {name}!");
    let mut client = Client::connect(addr).map_err(|e| case.fail(&expected, e))?;
    client.send(&head).map_err(|e| case.fail(&expected, e))?;
    let reply = client
        .response("GET", WAIT)
        .map_err(|e| case.fail(&expected, e))?;
    if reply.status() != 200 {
        return Err(case.fail(expected, reply.shown()));
    }

    if remote.is_none() {
        // A byte at a time, but finished well within the timeout.
        let gap = timeout / 2 / head.len() as u32;
        let case = Case::new(
            format!(
                "a head sent a byte every {} ms, whole within the timeout, gets its answer",
                gap.as_millis()
            ),
            head.clone(),
        );
        let mut client = Client::connect(addr).map_err(|e| case.fail(&expected, e))?;
        client
            .dribble(&head, gap)
            .map_err(|e| case.fail(&expected, e))?;
        let reply = client
            .response("GET", WAIT)
            .map_err(|e| case.fail(&expected, e))?;
        if reply.status() != 200 {
            return Err(case.fail(expected, reply.shown()));
        }
    }

    // Half a head, then silence.
    let half = &head[..head.len() / 2];
    let case = Case::new(
        "a head that stops halfway gets 408 and a close",
        half.to_vec(),
    );
    let expected = format!(
        "408, then the connection closed, within {} s",
        (timeout + slack).as_secs_f32()
    );
    let mut client = Client::connect(addr).map_err(|e| case.fail(&expected, e))?;
    let started = Instant::now();
    client.send(half).map_err(|e| case.fail(&expected, e))?;
    let reply = client
        .response("GET", timeout + slack)
        .map_err(|e| case.fail(&expected, e))?;
    client
        .expect_close(WAIT)
        .map_err(|e| case.fail(&expected, format!("{}\nand then: {e}", reply.shown())))?;
    if reply.status() != 408 {
        return Err(case.fail(expected, reply.shown()));
    }
    if remote.is_none() && started.elapsed() < timeout * 8 / 10 {
        return Err(case.fail(
            expected,
            format!(
                "the 408 after {} ms, before the timeout of {} ms",
                started.elapsed().as_millis(),
                timeout.as_millis()
            ),
        ));
    }

    // Slowloris: a byte every quarter of the timeout, never finishing.
    let gap = timeout / 4;
    let case = Case::new(
        format!(
            "a head that never ends, a byte every {} ms, gets 408 within the timeout",
            gap.as_millis()
        ),
        head.clone(),
    );
    let expected = format!(
        "408 within {} s of the first byte: the limit is on the whole head, not on each read",
        (timeout + slack).as_secs_f32()
    );
    let mut client = Client::connect(addr).map_err(|e| case.fail(&expected, e))?;
    let started = Instant::now();
    let mut sent = 0;
    let until = started + timeout + slack;
    let reply = loop {
        if sent < head.len() - 4 && client.send(&head[sent..sent + 1]).is_ok() {
            sent += 1;
        }
        let wait = gap.min(until.saturating_duration_since(Instant::now()));
        match client.response("GET", wait) {
            Ok(reply) => break reply,
            Err(e) if Instant::now() >= until => {
                let got = format!(
                    "nothing after {} s ({e}); {sent} bytes sent",
                    started.elapsed().as_secs_f32()
                );
                return Err(case.fail(expected, got));
            }
            Err(_) => {}
        }
    };
    if reply.status() != 408 {
        return Err(case.fail(expected, reply.shown()));
    }
    Ok(())
}
