//! ex06_route: the same random `GET /add` requests to your socket_api
//! table and your axum Router; both must answer alike, and right.

use std::net::SocketAddr;

use crate::check::exchange::exchange;
use crate::check::server::{Axum, SocketApi};
use crate::check::{Context, Failure};

use super::{Case, host, see};

const NAME: &str = "ex06_route";

pub fn check(context: &mut Context) -> Result<(), Failure> {
    // The servers started here, kept running until the check ends.
    let (_socket, _axum);
    let servers: Vec<(&str, SocketAddr)> = match context.addr {
        Some(addr) => vec![("your server", addr)],
        None => {
            let start = |what: &str, e: String| {
                Failure::server(
                    format!("starting {what} with your routes"),
                    b"",
                    "a running server",
                    e,
                )
            };
            let socket = SocketApi::start((context.implementation.ex06_socket_router)())
                .map_err(|e| start("socket_api", e))?;
            let axum = Axum::start((context.implementation.ex06_axum_router)())
                .map_err(|e| start("axum", e))?;
            let servers = vec![("socket_api", socket.addr), ("axum", axum.addr)];
            (_socket, _axum) = (socket, axum);
            servers
        }
    };
    let rng = &mut context.rng;
    let big = u32::MAX - rng.below(1000) as u32;
    let mut queries: Vec<(String, Option<u64>)> = vec![
        ("a=2&b=3".into(), Some(5)),
        (format!("a={big}&b={big}"), Some(u64::from(big) * 2)),
        ("a=x&b=3".into(), None),
        ("a=1".into(), None),
        ("a=-1&b=2".into(), None),
        ("a=4294967296&b=0".into(), None),
    ];
    for _ in 0..8 {
        let (a, b) = (
            rng.next_u64() as u32 >> rng.below(32),
            rng.next_u64() as u32 >> rng.below(32),
        );
        queries.push((format!("a={a}&b={b}"), Some(u64::from(a) + u64::from(b))));
    }
    for (query, sum) in &queries {
        for (server, addr) in &servers {
            let path = format!("/add?{query}");
            let h = rng.mixed_case("host");
            let request = format!("GET {path} HTTP/1.1\r\n{h}: {}\r\n\r\n", host(*addr));
            let case = Case::new(format!("{server}: GET {path}"), request).see(see(
                context.addr,
                NAME,
                "get_client",
                "-i",
                &path,
            ));
            let expected = match sum {
                Some(sum) => format!("200, text/plain, the body {:?}", format!("{sum}\n")),
                None => "400 Bad Request".to_string(),
            };
            let reply = exchange(*addr, &case.sent, "GET").map_err(|e| case.fail(&expected, e))?;
            let text = reply
                .header("Content-Type")
                .is_some_and(|t| t.starts_with("text/plain"));
            let right = match sum {
                Some(sum) => {
                    reply.status() == 200 && text && reply.body == format!("{sum}\n").as_bytes()
                }
                None => reply.status() == 400,
            };
            if !right {
                return Err(case.fail(expected, reply.shown()));
            }
        }
    }
    Ok(())
}
