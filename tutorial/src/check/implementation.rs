//! What the checker grades: one implementation of every exercise, as a
//! struct of function pointers.
//!
//! `cargo run -p tutorial -- check` grades the `exercises` crate (your
//! work); the tests grade `solutions`, the pristine starters, and variants
//! with one function replaced by a wrong one, to prove every check can fail.
//! A struct of plain `fn` pointers makes that a one-line change:
//!
//! ```
//! // The tests start from `implementation!(solutions)`; any crate with the
//! // exercises' modules will do.
//! let mut wrong = tutorial::implementation!(exercises);
//! wrong.ex01_head_end = |buf| buf.windows(4).position(|w| w == b"\r\n\r\n");
//! ```

use std::io;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use exercises::readiness::{LoopConn, Next, Socket};
use exercises::{
    BadChunk, BodyLength, Chunked, Encoding, FirstBytes, FramingError, Header, NextRequest,
    RangeAnswer, RequestLine, Routed, SafePath,
};

/// A server-level exercise's server: serves `listener` until `stop` is set.
pub type ServeFn = fn(TcpListener, Arc<AtomicBool>) -> io::Result<()>;

/// ex04's `response_bytes(status, reason, headers, body)`.
pub type ResponseBytesFn = fn(u16, &str, &[(&str, &str)], &str) -> Vec<u8>;

/// ex24's `chunked_response(status, reason, content_type, pieces)`.
pub type ChunkedResponseFn = fn(u16, &str, &str, &[Vec<u8>]) -> Vec<u8>;

/// ex25's `on_ready(conn, socket)`.
pub type OnReadyFn = fn(&mut LoopConn, &mut dyn Socket) -> Next;

/// Every exercise's functions, from one crate (or a mix, in tests).
#[derive(Debug, Clone, Copy)]
pub struct Implementation {
    /// Which crate this is, for messages: `exercises` or `solutions`.
    pub crate_name: &'static str,
    pub ex01_head_end: fn(&[u8]) -> Option<usize>,
    pub ex02_request_line: fn(&[u8]) -> Option<RequestLine>,
    pub ex03_header_line: fn(&[u8]) -> Option<Header>,
    pub ex04_response_head: ResponseBytesFn,
    pub ex05_head_method: ServeFn,
    pub ex06_socket_router: fn() -> socket_api::Router,
    pub ex06_axum_router: fn() -> axum::Router,
    pub ex07_allow: fn(&[(&str, &str)], &str, &str) -> Routed,
    pub ex08_percent_decode: fn(&str) -> Option<Vec<u8>>,
    pub ex09_form: fn(&[u8]) -> Vec<(String, String)>,
    pub ex10_body_length: fn(&[Header]) -> Result<BodyLength, FramingError>,
    pub ex11_body_in_pieces: ServeFn,
    pub ex12_chunked: fn(&[u8]) -> Result<Chunked, BadChunk>,
    pub ex13_keep_alive: ServeFn,
    pub ex14_timeout: ServeFn,
    /// ex14's `HEAD_TIMEOUT`: how soon the checker expects its `408`.
    pub ex14_head_timeout: Duration,
    pub ex15_framing_rules: fn(&[Header]) -> Result<(), FramingError>,
    pub ex16_shutdown: ServeFn,
    pub ex17_request_bytes: fn(&str) -> Option<Vec<u8>>,
    pub ex18_redirect: fn(&str, &str, u16, Option<&str>) -> Option<NextRequest>,
    pub ex19_tls_or_plain: fn(&[u8]) -> FirstBytes,
    pub ex20_body_limit: fn(usize) -> axum::Router,
    pub ex21_safe_path: fn(&str) -> Option<SafePath>,
    pub ex22_range: fn(&str, u64) -> RangeAnswer,
    pub ex23_accept_encoding: fn(&[&str]) -> Encoding,
    pub ex24_stream_chunks: ChunkedResponseFn,
    pub ex25_readiness: OnReadyFn,
}

/// The [`Implementation`] of a crate with the exercises' module names:
/// `implementation!(exercises)` or `implementation!(solutions)`.
#[macro_export]
macro_rules! implementation {
    ($krate:ident) => {
        $crate::check::Implementation {
            crate_name: stringify!($krate),
            ex01_head_end: $krate::ex01_head_end::head_end,
            ex02_request_line: $krate::ex02_request_line::parse_request_line,
            ex03_header_line: $krate::ex03_header_line::parse_header_line,
            ex04_response_head: $krate::ex04_response_head::response_bytes,
            ex05_head_method: $krate::ex05_head_method::serve,
            ex06_socket_router: $krate::ex06_route::socket_router,
            ex06_axum_router: $krate::ex06_route::axum_router,
            ex07_allow: $krate::ex07_allow::route,
            ex08_percent_decode: $krate::ex08_percent_decode::percent_decode,
            ex09_form: $krate::ex09_form::parse_form,
            ex10_body_length: $krate::ex10_body_length::body_length,
            ex11_body_in_pieces: $krate::ex11_body_in_pieces::serve,
            ex12_chunked: $krate::ex12_chunked::decode_chunked,
            ex13_keep_alive: $krate::ex13_keep_alive::serve,
            ex14_timeout: $krate::ex14_timeout::serve,
            ex14_head_timeout: $krate::ex14_timeout::HEAD_TIMEOUT,
            ex15_framing_rules: $krate::ex15_framing_rules::check_framing,
            ex16_shutdown: $krate::ex16_shutdown::serve,
            ex17_request_bytes: $krate::ex17_request_bytes::get_request,
            ex18_redirect: $krate::ex18_redirect::next_request,
            ex19_tls_or_plain: $krate::ex19_tls_or_plain::sniff,
            ex20_body_limit: $krate::ex20_body_limit::app,
            ex21_safe_path: $krate::ex21_safe_path::safe_path,
            ex22_range: $krate::ex22_range::parse_range,
            ex23_accept_encoding: $krate::ex23_accept_encoding::choose_encoding,
            ex24_stream_chunks: $krate::ex24_stream_chunks::chunked_response,
            ex25_readiness: $krate::ex25_readiness::on_ready,
        }
    };
}
