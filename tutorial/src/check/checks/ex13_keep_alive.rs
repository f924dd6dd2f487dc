//! ex13_keep_alive: requests one after another on one connection, three
//! pipelined in one write, `Connection: close` in any case, HTTP/1.0.

use std::net::SocketAddr;

use crate::check::exchange::{Client, WAIT};
use crate::check::failure::bytes;
use crate::check::random::Rng;
use crate::check::{Context, Failure};

use super::{Case, host, see, server_under_test};

const NAME: &str = "ex13_keep_alive";

fn hello(
    rng: &mut Rng,
    addr: SocketAddr,
    version: &str,
    connection: Option<&str>,
) -> (String, Vec<u8>) {
    let name = rng.word();
    let h = rng.mixed_case("host");
    let connection = connection
        .map(|c| format!("{}: {c}\r\n", rng.mixed_case("connection")))
        .unwrap_or_default();
    let request = format!(
        "GET /hello?name={name} HTTP/{version}\r\n{h}: {}\r\n{connection}\r\n",
        host(addr)
    );
    (format!("Hello, {name}!\n"), request.into_bytes())
}

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let (addr, _server) = server_under_test(context, context.implementation.ex13_keep_alive)?;
    let remote = context.addr;
    let rng = &mut context.rng;
    let trace = see(remote, NAME, "get_client", "", "/hello?name=a");

    // One after the other: the second request goes out after the first answer.
    let (first_body, first) = hello(rng, addr, "1.1", None);
    let (second_body, second) = hello(rng, addr, "1.1", Some("close"));
    let case = Case::new(
        "two requests, one after the other, on one connection",
        [first.clone(), second.clone()].concat(),
    )
    .see(trace.clone());
    let mut client = Client::connect(addr).map_err(|e| case.fail("a connection", e))?;
    client
        .send(&first)
        .map_err(|e| case.fail("the first answer", e))?;
    let reply = client
        .response("GET", WAIT)
        .map_err(|e| case.fail("the first answer", e))?;
    if reply.body != first_body.as_bytes() {
        return Err(case.fail(format!("the first answer, {first_body:?}"), reply.shown()));
    }
    client
        .send(&second)
        .map_err(|e| case.fail("the connection still open for a second request", e))?;
    let expected = format!("a second answer on the same connection, {second_body:?}");
    let reply = client
        .response("GET", WAIT)
        .map_err(|e| case.fail(&expected, e))?;
    if reply.body != second_body.as_bytes() {
        return Err(case.fail(expected, reply.shown()));
    }

    // Pipelined: three requests in one write, a body in the middle one.
    let (a_body, a) = hello(rng, addr, "1.1", None);
    let echo = rng.word();
    let b = format!(
        "POST /echo HTTP/1.1\r\nHost: {}\r\n{}: {}\r\n\r\n{echo}",
        host(addr),
        rng.mixed_case("content-length"),
        echo.len()
    )
    .into_bytes();
    let (c_body, c) = hello(rng, addr, "1.1", Some("close"));
    let case = Case::new(
        "three requests pipelined in one write (GET, POST with a body, GET)",
        [a, b, c].concat(),
    )
    .see(trace.clone());
    let mut client = Client::connect(addr).map_err(|e| case.fail("a connection", e))?;
    client
        .send(&case.sent)
        .map_err(|e| case.fail("three answers", e))?;
    for (n, (method, body)) in [("GET", a_body), ("POST", echo), ("GET", c_body)]
        .into_iter()
        .enumerate()
    {
        let expected = format!("answer {} of 3, in order: {body:?}", n + 1);
        let reply = client
            .response(method, WAIT)
            .map_err(|e| case.fail(&expected, e))?;
        if reply.body != body.as_bytes() {
            return Err(case.fail(expected, reply.shown()));
        }
    }

    // The last request asks to close; HTTP/1.0 closes unless asked not to.
    for (what, version, connection) in [
        (
            "Connection: close, in mixed case",
            "1.1",
            Some(*rng.pick(&["Close", "CLOSE", "cLoSe"])),
        ),
        (
            "a list: Connection: keep-alive, close",
            "1.1",
            Some("keep-alive, close"),
        ),
        ("HTTP/1.0 without keep-alive", "1.0", None),
    ] {
        let (body, request) = hello(rng, addr, version, connection);
        let case = Case::new(
            format!("{what}: the answer, then the server closes"),
            request,
        )
        .see(trace.clone());
        let expected = format!("the answer {body:?}, then the connection closed by the server");
        let mut client = Client::connect(addr).map_err(|e| case.fail(&expected, e))?;
        client
            .send(&case.sent)
            .map_err(|e| case.fail(&expected, e))?;
        let reply = client
            .response("GET", WAIT)
            .map_err(|e| case.fail(&expected, e))?;
        let after = client
            .expect_close(WAIT)
            .map_err(|e| case.fail(&expected, format!("{}\nand then: {e}", reply.shown())))?;
        if reply.body != body.as_bytes() || !after.is_empty() {
            return Err(case.fail(expected, format!("{}{}", reply.shown(), bytes(&after))));
        }
    }

    // HTTP/1.0 that asks for keep-alive gets it.
    let (a_body, a) = hello(rng, addr, "1.0", Some("keep-alive"));
    let (b_body, b) = hello(rng, addr, "1.0", None);
    let case = Case::new(
        "HTTP/1.0 with Connection: keep-alive keeps the connection open",
        [a.clone(), b.clone()].concat(),
    )
    .see(trace);
    let mut client = Client::connect(addr).map_err(|e| case.fail("a connection", e))?;
    client.send(&a).map_err(|e| case.fail("an answer", e))?;
    let reply = client
        .response("GET", WAIT)
        .map_err(|e| case.fail("an answer", e))?;
    if reply.body != a_body.as_bytes() {
        return Err(case.fail(format!("the answer {a_body:?}"), reply.shown()));
    }
    client
        .send(&b)
        .map_err(|e| case.fail("the connection still open", e))?;
    let expected = format!("a second answer on the same connection, {b_body:?}");
    let reply = client
        .response("GET", WAIT)
        .map_err(|e| case.fail(&expected, e))?;
    if reply.body != b_body.as_bytes() {
        return Err(case.fail(expected, reply.shown()));
    }
    Ok(())
}
