//! ex05_head_method: GET and HEAD of the same random URL; HEAD must carry
//! GET's head, and nothing after it.

use crate::check::exchange::{Client, WAIT};
use crate::check::failure::bytes;
use crate::check::{Context, Failure};

use super::{Case, host, see, server_under_test};

const NAME: &str = "ex05_head_method";

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let (addr, _server) = server_under_test(context, context.implementation.ex05_head_method)?;
    let remote = context.addr;
    let rng = &mut context.rng;
    let name = rng.word();
    let path = format!("/hello?name={name}");
    let mut request = |method: &str| {
        let (h, c) = (rng.mixed_case("host"), rng.mixed_case("connection"));
        format!(
            "{method} {path} HTTP/1.1\r\n{h}: {}\r\n{c}: close\r\n\r\n",
            host(addr)
        )
        .into_bytes()
    };
    let body = format!("Hello, {name}!\n");

    let case = Case::new(
        format!("GET {path} answers 200 with Hello, {name}!"),
        request("GET"),
    )
    .see(see(remote, NAME, "get_client", "-i", &path));
    let expected = format!("200, with the body {body:?}");
    let mut client = Client::connect(addr).map_err(|e| case.fail(&expected, e))?;
    client
        .send(&case.sent)
        .map_err(|e| case.fail(&expected, e))?;
    let get = client
        .response("GET", WAIT)
        .map_err(|e| case.fail(&expected, e))?;
    if get.status() != 200 || get.body != body.as_bytes() {
        return Err(case.fail(expected, get.shown()));
    }

    let case = Case::new(
        format!("HEAD {path} answers with GET's head and no body"),
        request("HEAD"),
    )
    .see(see(remote, NAME, "get_client", "-I", &path));
    let expected = format!(
        "200, Content-Length: {} (the length of GET's body), and not one byte after the head",
        body.len()
    );
    let mut client = Client::connect(addr).map_err(|e| case.fail(&expected, e))?;
    client
        .send(&case.sent)
        .map_err(|e| case.fail(&expected, e))?;
    let head = client
        .response("HEAD", WAIT)
        .map_err(|e| case.fail(&expected, e))?;
    let after = client
        .expect_close(WAIT)
        .map_err(|e| case.fail(&expected, e))?;
    let length = head.header("Content-Length").unwrap_or("(none)");
    if head.status() != 200 || length != body.len().to_string() || !after.is_empty() {
        let mut got = head.shown();
        if !after.is_empty() {
            got += &format!("and then, after the head: {}", bytes(&after));
        }
        return Err(case.fail(expected, got));
    }
    Ok(())
}
