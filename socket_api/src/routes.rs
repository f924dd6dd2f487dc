//! The `routes!` macro: a route table written as a table.
//!
//! Python's small frameworks register a handler per method and path, with a
//! decorator (`@route("/api", methods=["POST"])`) or a dict
//! (`routes = {("GET", "/hello"): hello}`). This macro is the same idea in
//! Rust, with no magic: it builds a plain list and checks it at compile time.
//!
//! ```
//! use socket_api::{routes, Request, Response};
//! fn hello(_: &Request) -> Response { Response::text(wire::StatusCode::OK, "Hello") }
//! fn echo(_: &Request) -> Response { Response::text(wire::StatusCode::OK, "echo") }
//!
//! let router = routes! {
//!     GET  "/hello" => hello,
//!     POST "/echo"  => echo,
//! };
//! assert_eq!(router.allowed_methods("/hello"), vec!["GET", "HEAD"]);
//! ```
//!
//! expands to (what `cargo expand` would show, tidied):
//!
//! ```text
//! {
//!     const TABLE: &[(&str, &str)] = &[("GET", "/hello"), ("POST", "/echo")];
//!     // Evaluated by the compiler: a duplicate is a compile error.
//!     const _: () = socket_api::routes::assert_no_duplicates(TABLE);
//!     socket_api::routes::Router::new(vec![
//!         socket_api::routes::Route { method: "GET", path: "/hello", handler: hello },
//!         socket_api::routes::Route { method: "POST", path: "/echo", handler: echo },
//!     ])
//! }
//! ```
//!
//! A route registered twice does not compile:
//!
//! ```compile_fail
//! use socket_api::{routes, Request, Response};
//! fn a(_: &Request) -> Response { Response::text(wire::StatusCode::OK, "a") }
//! let router = routes! { GET "/a" => a, GET "/a" => a };
//! ```
//!
//! Matching is exact on the path (no `/{id}` parameters: the route table
//! here has none, and axum's matcher is the place to see how they work).
//! `HEAD` is answered by the `GET` handler, with the body left off when the
//! response is written, as RFC 9110 §9.3.2 asks and as axum does.

use wire::StatusCode;

use crate::{Request, Response};

/// A function that answers a request.
pub type Handler = fn(&Request) -> Response;

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub handler: Handler,
}

/// What the router decided for a request.
#[derive(Debug)]
pub enum Match<'a> {
    /// This handler answers it.
    Found(&'a Route),
    /// The path exists, but not with this method: answer `405` and list these.
    MethodNotAllowed(Vec<&'static str>),
    /// No route has this path: answer `404`.
    NotFound,
}

/// The route table, built by [`routes!`](crate::routes!).
#[derive(Debug, Clone)]
pub struct Router {
    routes: Vec<Route>,
}

impl Router {
    /// Use [`routes!`](crate::routes!), which also refuses duplicates at compile time.
    pub fn new(routes: Vec<Route>) -> Router {
        Router { routes }
    }

    // ANCHOR: find
    /// Finds the route for `method` and `path`. `HEAD` falls back to `GET`.
    pub fn find(&self, method: &str, path: &str) -> Match<'_> {
        let on_path: Vec<&Route> = self.routes.iter().filter(|r| r.path == path).collect();
        if on_path.is_empty() {
            return Match::NotFound;
        }
        let wanted = if method == "HEAD" && !on_path.iter().any(|r| r.method == "HEAD") {
            "GET"
        } else {
            method
        };
        match on_path.iter().find(|r| r.method == wanted) {
            Some(route) => Match::Found(route),
            None => Match::MethodNotAllowed(self.allowed_methods(path)),
        }
    }
    // ANCHOR_END: find

    // ANCHOR: allowed_methods
    /// The methods `path` accepts, in table order, with `HEAD` after `GET`:
    /// the value of the `Allow` header on a `405` (RFC 9110 §10.2.1).
    pub fn allowed_methods(&self, path: &str) -> Vec<&'static str> {
        let mut methods = Vec::new();
        for route in self.routes.iter().filter(|r| r.path == path) {
            methods.push(route.method);
            if route.method == "GET" {
                methods.push("HEAD");
            }
        }
        methods.dedup();
        methods
    }
    // ANCHOR_END: allowed_methods

    // ANCHOR: respond
    /// Answers `request`: the handler's answer, or `404` / `405` with `Allow`.
    pub fn respond(&self, request: &Request) -> Response {
        let (method, path) = (request.method(), request.path());
        match self.find(method, path) {
            Match::Found(route) => (route.handler)(request),
            Match::NotFound => Response::text(
                StatusCode::NOT_FOUND,
                format!("404 Not Found: no route for {method} {path}\n"),
            ),
            Match::MethodNotAllowed(allowed) => {
                let allow = allowed.join(", ");
                Response::text(
                    StatusCode::METHOD_NOT_ALLOWED,
                    format!("405 Method Not Allowed: {method} {path} accepts {allow}\n"),
                )
                .with_header("Allow", &allow)
            }
        }
    }
    // ANCHOR_END: respond

    /// Every route, in table order (the index page lists them).
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }
}

// ANCHOR: routes_macro
/// Builds a [`Router`] from `METHOD "path" => handler` rows, refusing a
/// method and path registered twice with a compile error. See the module
/// documentation for its expansion.
#[macro_export]
macro_rules! routes {
    ($($method:ident $path:literal => $handler:path),+ $(,)?) => {{
        const TABLE: &[(&str, &str)] = &[$((stringify!($method), $path)),+];
        const _: () = $crate::routes::assert_no_duplicates(TABLE);
        $crate::routes::Router::new(vec![
            $($crate::routes::Route { method: stringify!($method), path: $path, handler: $handler }),+
        ])
    }};
}
// ANCHOR_END: routes_macro

/// Stops the compiler if two rows of `table` share a method and a path.
/// A `const fn`, so `routes!` runs it at compile time; `const fn` cannot
/// compare `&str` with `==` yet, hence the byte loop.
pub const fn assert_no_duplicates(table: &[(&str, &str)]) {
    let mut i = 0;
    while i < table.len() {
        let mut j = i + 1;
        while j < table.len() {
            if same(table[i].0, table[j].0) && same(table[i].1, table[j].1) {
                panic!("routes!: the same method and path are registered twice");
            }
            j += 1;
        }
        i += 1;
    }
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::StatusCode;

    fn ok(_: &Request) -> Response {
        Response::text(StatusCode::OK, "ok")
    }

    #[test]
    fn finds_routes_and_lists_methods() {
        let router = crate::routes! { GET "/a" => ok, POST "/a" => ok, PUT "/b" => ok };
        assert!(matches!(router.find("GET", "/a"), Match::Found(r) if r.method == "GET"));
        assert!(matches!(router.find("HEAD", "/a"), Match::Found(r) if r.method == "GET"));
        assert!(matches!(router.find("POST", "/a"), Match::Found(r) if r.method == "POST"));
        assert!(matches!(router.find("HEAD", "/b"), Match::MethodNotAllowed(m) if m == ["PUT"]));
        assert!(
            matches!(router.find("DELETE", "/a"), Match::MethodNotAllowed(m) if m == ["GET", "HEAD", "POST"])
        );
        assert!(matches!(router.find("GET", "/c"), Match::NotFound));
        assert!(
            matches!(router.find("GET", "/a/"), Match::NotFound),
            "paths match exactly"
        );
    }

    #[test]
    fn duplicates_are_caught() {
        // The compile-time check, run at run time to see it fire.
        let result =
            std::panic::catch_unwind(|| assert_no_duplicates(&[("GET", "/a"), ("GET", "/a")]));
        assert!(result.is_err());
        assert_no_duplicates(&[("GET", "/a"), ("POST", "/a"), ("GET", "/b")]);
    }
}
