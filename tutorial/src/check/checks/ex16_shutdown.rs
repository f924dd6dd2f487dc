//! ex16_shutdown: a request in flight when the stop flag is set must be
//! answered in full, and `serve` must return after it, and soon.

use std::time::Duration;

use exercises::kit::SLOW;

use crate::check::exchange::{Client, WAIT};
use crate::check::server::Local;
use crate::check::{Context, Failure};

use super::{Case, host};

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let server = Local::start(context.implementation.ex16_shutdown).map_err(|e| {
        Failure::server(
            "starting your server",
            b"",
            "a server listening on 127.0.0.1",
            e,
        )
    })?;
    let addr = server.addr;
    let rng = &mut context.rng;
    let name = rng.word();
    let request = format!(
        "GET /hello?name={name} HTTP/1.1\r\n{}: {}\r\nConnection: close\r\n\r\n",
        rng.mixed_case("host"),
        host(addr)
    );
    let case = Case::new("before any stop: GET /hello is answered", request.clone());
    let expected = format!("200, Hello, {name}!");
    let reply = crate::check::exchange::exchange(addr, request.as_bytes(), "GET")
        .map_err(|e| case.fail(&expected, e))?;
    if reply.status() != 200 {
        return Err(case.fail(expected, reply.shown()));
    }

    let slow = format!(
        "GET /slow HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        host(addr)
    );
    let case = Case::new(
        format!(
            "GET /slow (its body {} ms after its head), stop set once its head arrived: the body still comes",
            SLOW.as_millis()
        ),
        slow.clone(),
    );
    let expected = "the whole answer, body included, then the close";
    let mut client = Client::connect(addr).map_err(|e| case.fail(expected, e))?;
    client
        .send(slow.as_bytes())
        .map_err(|e| case.fail(expected, e))?;
    // Wait for the head: then the request is surely in flight.
    while !client.leftover().windows(4).any(|w| w == b"\r\n\r\n") {
        client
            .wait_for_bytes(WAIT)
            .map_err(|e| case.fail(expected, e))?;
    }
    let head_seen = std::time::Instant::now();
    server.stop();
    let reply = client
        .response("GET", WAIT)
        .map_err(|e| case.fail(expected, e))?;
    if reply.status() != 200 || reply.body.is_empty() {
        return Err(case.fail(expected, reply.shown()));
    }
    // Closing our end lets the server's lingering close end at once.
    drop(client);

    let case = Case::new(
        "after stop: serve returns, once the request in flight is answered, within 2 s",
        Vec::new(),
    );
    let Some(returned) = server.returned_within(Duration::from_secs(2)) else {
        return Err(case.fail(
            "serve returned",
            "serve was still running 2 s after the stop flag was set",
        ));
    };
    // The body was written SLOW after the head; returning well before that
    // means the connection thread was not waited for.
    if returned.duration_since(head_seen) < SLOW * 2 / 3 {
        return Err(case.fail(
            "serve returned after the answer in flight was written",
            format!(
                "serve returned {} ms after the stop, while /slow still had {} ms to go: wait for (join) the connection threads",
                returned.duration_since(head_seen).as_millis(),
                SLOW.as_millis()
            ),
        ));
    }

    let case = Case::new(
        "after serve returned: a new connection is refused",
        Vec::new(),
    );
    if let Ok(mut late) = Client::connect(addr) {
        let late_request = format!("GET /hello HTTP/1.1\r\nHost: {}\r\n\r\n", host(addr));
        if late.send(late_request.as_bytes()).is_ok()
            && late.response("GET", Duration::from_millis(300)).is_ok()
        {
            return Err(case.fail(
                "the connection refused (the listener closed)",
                "a new connection was accepted and answered",
            ));
        }
    }
    Ok(())
}
