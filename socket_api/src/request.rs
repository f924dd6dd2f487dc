//! A request as a handler sees it: the parsed head, the whole body, and who sent it.
//!
//! The connection reads the body completely (up to `--max-body`) before
//! calling a handler, so a handler never touches the socket. That keeps
//! handlers as simple as axum's; a production server streams large bodies
//! to the handler instead of holding them in memory.

use std::net::SocketAddr;
use std::sync::Arc;

use wire::RequestHead;

use crate::Config;

/// One request, read whole. The origin-form of the target is worked out by
/// [`wire::server::origin_form`].
#[derive(Debug, Clone)]
pub struct Request {
    pub head: RequestHead,
    /// The target in origin-form (`/path?query`), also when the client sent
    /// the absolute form (`http://host/path?query`, RFC 9112 §3.2.2).
    pub target: String,
    /// The body, de-chunked if it was sent chunked.
    pub body: Vec<u8>,
    pub peer: SocketAddr,
    /// The path's parameters, `[("text", "hi%20there")]` for
    /// `/echo/{text}`, as sent (still percent-encoded); set by the router.
    pub params: Vec<(String, String)>,
    /// The server's settings: where its files are (`--dir`), where uploads
    /// go, its limits. A handler reads what it needs here, as an axum
    /// handler reads its `State`.
    pub config: Arc<Config>,
    /// The request's bytes exactly as they were read, head and body framing
    /// included, up to [`wire::server::RAW_KEPT`]: what `/mirror?raw=1`
    /// sends back. Set by the driver once the request is complete; empty
    /// for a streaming handler, which is called before its body is read.
    pub raw: Vec<u8>,
}

impl Request {
    /// A request whose head has arrived: no body yet, no parameters yet.
    pub fn new(
        head: RequestHead,
        target: String,
        peer: SocketAddr,
        config: Arc<Config>,
    ) -> Request {
        Request {
            head,
            target,
            body: Vec::new(),
            peer,
            params: Vec::new(),
            config,
            raw: Vec::new(),
        }
    }

    pub fn method(&self) -> &str {
        &self.head.method
    }

    /// The path, without the query: what routes match on.
    pub fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(&self.target, |(path, _)| path)
    }

    /// The query, without the `?`, or `""` when there is none.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }

    /// The path parameter `name` of the route that matched, as sent.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of header `name`, ignoring case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.headers.get(name)
    }
}
