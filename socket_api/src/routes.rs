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
//!     const _: () = socket_api::routes::assert_no_conflicts(TABLE);
//!     socket_api::routes::Router::new(vec![
//!         socket_api::routes::Route { method: "GET", path: "/hello", handler: Handler::Whole(hello) },
//!         socket_api::routes::Route { method: "POST", path: "/echo", handler: Handler::Whole(echo) },
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
//! A path may hold parameters, `/echo/{text}`, and end in the rest of the
//! path, `/static/{*path}`, spelled as axum spells them; a handler reads
//! them with [`Request::param`]. How a pattern matches, which of two
//! matching patterns wins, and what counts as a conflict is in
//! [`pattern`]. Two rows with one method and the same
//! pattern (`/a/{x}` and `/a/{y}` are the same) do not compile either:
//!
//! ```compile_fail
//! use socket_api::{routes, Request, Response};
//! fn a(_: &Request) -> Response { Response::text(wire::StatusCode::OK, "a") }
//! let router = routes! { GET "/a/{x}" => a, GET "/a/{y}" => a };
//! ```
//!
//! A row may end in `[streaming]`: its handler is called as soon as the
//! head is in, with a [`BodyReader`] to read the body as it arrives, up to
//! `--max-upload` instead of `--max-body` (an upload saved to disk). The
//! others get the whole body in memory, as axum's do.
//!
//! `HEAD` is answered by the `GET` handler, with the body left off when the
//! response is written, as RFC 9110 §9.3.2 asks and as axum does.
//!
//! The method `ANY` answers every method the path has no row of its own
//! for (`ANY "/mirror" => mirror`), as axum's `any(mirror)` does: for
//! routes about the request itself, whatever its method.

use wire::StatusCode;

use crate::body_reader::BodyReader;
use crate::pattern;
use crate::{Request, Response};

/// A function that answers a request.
#[derive(Debug, Clone, Copy)]
pub enum Handler {
    /// Called once the whole body is in memory (up to `--max-body`): the
    /// usual kind, as simple as axum's.
    Whole(fn(&Request) -> Response),
    /// Called as soon as the head is in, with the body to read as it
    /// arrives (up to `--max-upload`): for bodies too large to hold, such
    /// as uploads written to disk. Marked `[streaming]` in `routes!`.
    Streaming(StreamingHandler),
}

/// A `[streaming]` route's handler.
pub type StreamingHandler = fn(&Request, &mut BodyReader<'_>) -> Response;

/// The method of a row that answers every method (see the module doc).
pub const ANY: &str = "ANY";

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
        let on_path = self.on_path(path);
        if on_path.is_empty() {
            return Match::NotFound;
        }
        let wanted = if method == "HEAD" && !on_path.iter().any(|r| r.method == "HEAD") {
            "GET"
        } else {
            method
        };
        // A row for this very method wins over an `ANY` row.
        let exact = on_path.iter().find(|r| r.method == wanted);
        match exact.or_else(|| on_path.iter().find(|r| r.method == ANY)) {
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
        for route in self.on_path(path) {
            methods.push(route.method);
            if route.method == "GET" {
                methods.push("HEAD");
            }
        }
        methods.dedup();
        methods
    }
    // ANCHOR_END: allowed_methods

    /// The routes of the one pattern that best matches `path` (see
    /// [`pattern`]): `/files/new` before `/files/{id}`, whatever the order
    /// in the table. Empty when no pattern matches.
    fn on_path(&self, path: &str) -> Vec<&Route> {
        let best = self
            .routes
            .iter()
            .filter(|r| pattern::matches(r.path, path).is_some())
            .map(|r| r.path)
            .max_by_key(|p| pattern::specificity(p));
        self.routes
            .iter()
            .filter(|r| Some(r.path) == best)
            .collect()
    }

    // ANCHOR: respond
    /// Answers `request`: the handler's answer, with the path's parameters
    /// in [`Request::params`], or `404` / `405` with `Allow`.
    pub fn respond(&self, request: &mut Request) -> Response {
        let (method, path) = (request.method(), request.path());
        match self.find(method, path) {
            Match::Found(route) => {
                set_params(request, route);
                match route.handler {
                    Handler::Whole(handler) => handler(request),
                    // The driver calls these itself, with the body to read.
                    Handler::Streaming(_) => Response::error(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "a streaming handler was called without its body",
                    ),
                }
            }
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

    /// The streaming handler for `request`, if its route has one; its path
    /// parameters are set in `request` then.
    pub fn streaming(&self, request: &mut Request) -> Option<StreamingHandler> {
        let route = match self.find(request.method(), request.path()) {
            Match::Found(route) => *route,
            _ => return None,
        };
        let Handler::Streaming(handler) = route.handler else {
            return None;
        };
        set_params(request, &route);
        Some(handler)
    }

    /// Every route, in table order (the index page lists them).
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }
}

/// The values `route`'s pattern gives the request's path, into `request`.
fn set_params(request: &mut Request, route: &Route) {
    let params = pattern::matches(route.path, request.path()).unwrap_or_default();
    request.params = params
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
}

// ANCHOR: routes_macro
/// Builds a [`Router`] from `METHOD "path" => handler` rows, refusing a
/// malformed path, or a method and path registered twice, with a compile
/// error. See the module documentation for its expansion.
#[macro_export]
macro_rules! routes {
    ($($method:ident $path:literal => $handler:path $([$kind:ident])?),+ $(,)?) => {{
        const TABLE: &[(&str, &str)] = &[$((stringify!($method), $path)),+];
        const _: () = $crate::routes::assert_no_conflicts(TABLE);
        $crate::routes::Router::new(vec![
            $($crate::routes::Route {
                method: stringify!($method),
                path: $path,
                handler: $crate::routes!(@handler $handler $([$kind])?),
            }),+
        ])
    }};
    (@handler $handler:path) => { $crate::routes::Handler::Whole($handler) };
    (@handler $handler:path [streaming]) => { $crate::routes::Handler::Streaming($handler) };
}
// ANCHOR_END: routes_macro

/// Stops the compiler if a path of `table` is malformed, or two rows share
/// a method and a pattern that matches the same paths (see
/// [`pattern::conflicts`]). A `const fn`, so `routes!` runs it at compile
/// time; `const fn` cannot compare `&str` with `==` yet, hence byte loops.
pub const fn assert_no_conflicts(table: &[(&str, &str)]) {
    let mut i = 0;
    while i < table.len() {
        pattern::assert_valid(table[i].1);
        let mut j = i + 1;
        while j < table.len() {
            if same(table[i].0, table[j].0) && pattern::conflicts(table[i].1, table[j].1) {
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
        let any = crate::routes! { ANY "/m" => ok, POST "/m" => ok };
        assert!(matches!(any.find("PATCH", "/m"), Match::Found(r) if r.method == "ANY"));
        assert!(matches!(any.find("HEAD", "/m"), Match::Found(r) if r.method == "ANY"));
        assert!(matches!(any.find("POST", "/m"), Match::Found(r) if r.method == "POST"));
        assert!(
            matches!(router.find("GET", "/a/"), Match::NotFound),
            "paths match exactly"
        );
    }

    fn id(request: &Request) -> Response {
        Response::text(StatusCode::OK, request.param("id").unwrap_or("none"))
    }

    #[test]
    fn parameters_reach_the_handler_and_text_wins() {
        let router = crate::routes! {
            GET "/files/{id}" => id,
            GET "/files/new" => ok,
            DELETE "/files/{id}" => id,
            GET "/static/{*id}" => id,
        };
        let request = |target: &str| {
            let head = wire::RequestHead {
                method: "GET".into(),
                target: target.into(),
                version: wire::Version::Http11,
                headers: wire::Headers(Vec::new()),
            };
            let peer = std::net::SocketAddr::from(([127, 0, 0, 1], 9));
            let config = std::sync::Arc::new(crate::Config::default());
            let mut request = Request::new(head, target.into(), peer, config);
            router
                .respond(&mut request)
                .bytes()
                .unwrap_or_default()
                .to_vec()
        };
        assert_eq!(request("/files/42"), b"42");
        assert_eq!(request("/files/new"), b"ok", "text beats a parameter");
        assert_eq!(request("/static/a/b.css"), b"a/b.css");
        assert!(request("/static/").starts_with(b"404"));
        // 405 lists the methods of the pattern that matched.
        assert_eq!(
            router.allowed_methods("/files/7"),
            ["GET", "HEAD", "DELETE"]
        );
        assert_eq!(router.allowed_methods("/files/new"), ["GET", "HEAD"]);
    }

    #[test]
    fn duplicates_are_caught() {
        // The compile-time check, run at run time to see it fire.
        for table in [
            &[("GET", "/a"), ("GET", "/a")][..],
            &[("GET", "/a/{x}"), ("GET", "/a/{y}")],
            &[("GET", "/a/{x"), ("POST", "/b")],
        ] {
            let result = std::panic::catch_unwind(|| assert_no_conflicts(table));
            assert!(result.is_err(), "{table:?}");
        }
        assert_no_conflicts(&[("GET", "/a/{x}"), ("POST", "/a/{y}"), ("GET", "/a/new")]);
        assert_no_conflicts(&[("GET", "/a"), ("POST", "/a"), ("GET", "/b")]);
    }
}
