//! The exercises, in the book's order: name, chapter, what it asks, its
//! hint and its check.

use super::checks::*;
use super::{Context, Failure};

/// Whether an exercise is a function, or a server checked over a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Function,
    /// A server: `check --addr` can grade one in any language.
    Server,
    /// A server the checker must start and stop itself (ex16: it sets the
    /// stop flag), so `--addr` cannot grade it.
    ServerInProcess,
}

/// One exercise.
#[derive(Debug)]
pub struct Exercise {
    /// `ex01_head_end`: the file, the module, the hint's name.
    pub name: &'static str,
    pub chapter: u8,
    pub title: &'static str,
    pub level: Level,
    pub hint: &'static str,
    pub check: fn(&mut Context) -> Result<(), Failure>,
}

impl Exercise {
    /// Where the student's starter is, from the workspace root.
    pub fn file(&self) -> String {
        format!("tutorial/exercises/src/{}.rs", self.name)
    }

    /// The exercise named `name`, or the one whose number is `name` (`ex01`, `1`).
    pub fn find(name: &str) -> Option<&'static Exercise> {
        let number = name
            .trim_start_matches("ex")
            .split('_')
            .next()?
            .parse::<u8>()
            .ok();
        EXERCISES.iter().find(|e| {
            e.name == name || number.is_some_and(|n| e.name[2..4].parse::<u8>().ok() == Some(n))
        })
    }
}

macro_rules! exercise {
    ($name:ident, $chapter:expr, $level:ident, $title:expr) => {
        Exercise {
            name: stringify!($name),
            chapter: $chapter,
            title: $title,
            level: Level::$level,
            hint: include_str!(concat!("../../hints/", stringify!($name), ".md")),
            check: $name::check,
        }
    };
}

pub static EXERCISES: [Exercise; 25] = [
    exercise!(ex01_head_end, 1, Function, "where a request head ends"),
    exercise!(
        ex02_request_line,
        2,
        Function,
        "parse the request line (graded against httparse)"
    ),
    exercise!(ex03_header_line, 2, Function, "parse a header line"),
    exercise!(
        ex04_response_head,
        3,
        Function,
        "write a response, with Content-Length in bytes"
    ),
    exercise!(
        ex05_head_method,
        3,
        Server,
        "a server answering HEAD: GET's head, no body"
    ),
    exercise!(ex06_route, 4, Server, "GET /add on socket_api and on axum"),
    exercise!(ex07_allow, 4, Function, "routing: 404, and 405 with Allow"),
    exercise!(ex08_percent_decode, 5, Function, "%XX to bytes"),
    exercise!(
        ex09_form,
        5,
        Function,
        "a form body to pairs (graded against form_urlencoded)"
    ),
    exercise!(ex10_body_length, 6, Function, "where a request body ends"),
    exercise!(
        ex11_body_in_pieces,
        6,
        Server,
        "read a body that arrives a byte at a time"
    ),
    exercise!(
        ex12_chunked,
        7,
        Function,
        "decode chunked, with NeedMore as a value"
    ),
    exercise!(
        ex13_keep_alive,
        8,
        Server,
        "keep-alive, pipelining, Connection: close, HTTP/1.0"
    ),
    exercise!(
        ex14_timeout,
        9,
        Server,
        "408 and a close for a head that stalls"
    ),
    exercise!(
        ex15_framing_rules,
        10,
        Function,
        "refuse framing that could smuggle a request"
    ),
    exercise!(
        ex16_shutdown,
        11,
        ServerInProcess,
        "graceful shutdown: finish what is in flight"
    ),
    exercise!(
        ex17_request_bytes,
        12,
        Function,
        "the bytes of a GET for a URL"
    ),
    exercise!(ex18_redirect, 12, Function, "the request after a redirect"),
    exercise!(
        ex19_tls_or_plain,
        13,
        Function,
        "TLS or plain HTTP, from the first bytes"
    ),
    exercise!(
        ex20_body_limit,
        14,
        Server,
        "413 over a body limit, in axum"
    ),
    exercise!(
        ex21_safe_path,
        15,
        Function,
        "a request path to safe file names (graded against wire::path)"
    ),
    exercise!(
        ex22_range,
        15,
        Function,
        "Range: bytes=... to 206, 416 or ignore (graded against wire::range)"
    ),
    exercise!(
        ex23_accept_encoding,
        18,
        Function,
        "gzip or identity from q-values (graded against wire::negotiate)"
    ),
    exercise!(
        ex24_stream_chunks,
        17,
        Function,
        "a response of unknown length, in chunks"
    ),
    exercise!(
        ex25_readiness,
        21,
        Function,
        "one connection on a readiness loop"
    ),
];
