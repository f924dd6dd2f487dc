//! ex07_allow: random route tables and requests, graded against
//! socket_api's own router.

use exercises::Routed;
use socket_api::routes::{Handler, Match, Route, Router};
use socket_api::{Request, Response};

use crate::check::failure::expect_eq;
use crate::check::{Context, Failure};

fn nothing(_: &Request) -> Response {
    Response::text(wire::StatusCode::OK, "")
}

/// What socket_api's `Router` decides, as a [`Routed`].
fn socket_api_says(table: &[(&'static str, &'static str)], method: &str, path: &str) -> Routed {
    let routes = table
        .iter()
        .map(|&(method, path)| Route {
            method,
            path,
            handler: Handler::Whole(nothing),
        })
        .collect();
    let router = Router::new(routes);
    match router.find(method, path) {
        Match::Found(route) => Routed::Found(
            router
                .routes()
                .iter()
                .position(|r| std::ptr::eq(r, route))
                .unwrap_or(usize::MAX),
        ),
        Match::NotFound => Routed::NotFound,
        Match::MethodNotAllowed(methods) => {
            // Each method once: socket_api only removes repeats in a row.
            let mut allow: Vec<&str> = Vec::new();
            for m in methods {
                if !allow.contains(&m) {
                    allow.push(m);
                }
            }
            Routed::MethodNotAllowed {
                allow: allow.join(", "),
            }
        }
    }
}

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let route = context.implementation.ex07_allow;
    let table = [
        ("GET", "/"),
        ("GET", "/api"),
        ("POST", "/api"),
        ("PUT", "/upload"),
    ];
    let fixed = [
        ("GET /api is the row at index 1", "GET", "/api"),
        ("HEAD /api is answered by GET's row", "HEAD", "/api"),
        (
            "DELETE /api: 405, Allow lists GET, HEAD, POST",
            "DELETE",
            "/api",
        ),
        (
            "GET /upload: 405, and no HEAD without a GET",
            "GET",
            "/upload",
        ),
        ("/nowhere: 404", "GET", "/nowhere"),
        ("paths match exactly: /api/ is not /api", "GET", "/api/"),
        ("methods are case-sensitive: get is not GET", "get", "/api"),
    ];
    for (case, method, path) in fixed {
        let input = || format!("table {table:?}, {method} {path}");
        expect_eq(
            case,
            input,
            socket_api_says(&table, method, path),
            route(&table, method, path),
        )?;
    }
    let methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"];
    let paths = ["/", "/a", "/b", "/a/b"];
    let rng = &mut context.rng;
    for n in 1..=300 {
        let mut table: Vec<(&str, &str)> = Vec::new();
        for _ in 0..rng.between(1, 6) {
            let row = (*rng.pick(&methods), *rng.pick(&paths));
            if !table.contains(&row) {
                table.push(row);
            }
        }
        let method = *rng.pick(&methods);
        let path = *rng.pick(&paths);
        let input = || format!("table {table:?}, {method} {path}");
        let case = format!("random table #{n}");
        expect_eq(
            &case,
            input,
            socket_api_says(&table, method, path),
            route(&table, method, path),
        )?;
    }
    Ok(())
}
