//! # solutions: reference solutions to the exercises
//!
//! The same modules and signatures as the `exercises` crate, filled in.
//! Each is one way to do it, written to be read: try the exercise first,
//! then compare. `cargo run -p tutorial -- check` grades the `exercises`
//! crate; the tests in `tutorial/tests/exercises.rs` grade this one, so
//! every solution here is known to pass.
//!
//! Server-level solutions repeat the given part of their starter (the
//! `serve` and `handle` around the part you write), so each file reads on
//! its own.

pub mod ex01_head_end;
pub mod ex02_request_line;
pub mod ex03_header_line;
pub mod ex04_response_head;
pub mod ex05_head_method;
pub mod ex06_route;
pub mod ex07_allow;
pub mod ex08_percent_decode;
pub mod ex09_form;
pub mod ex10_body_length;
pub mod ex11_body_in_pieces;
pub mod ex12_chunked;
pub mod ex13_keep_alive;
pub mod ex14_timeout;
pub mod ex15_framing_rules;
pub mod ex16_shutdown;
pub mod ex17_request_bytes;
pub mod ex18_redirect;
pub mod ex19_tls_or_plain;
pub mod ex20_body_limit;
pub mod ex21_safe_path;
pub mod ex22_range;
pub mod ex23_accept_encoding;
pub mod ex24_stream_chunks;
pub mod ex25_readiness;

/// A token character (RFC 9110 §5.6.2): what methods and field names are made of.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
