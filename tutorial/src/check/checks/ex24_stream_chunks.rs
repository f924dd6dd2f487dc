//! ex24_stream_chunks: responses with random pieces (empty ones among
//! them), read back as a client would: the head with wire's parser, the
//! body with wire's `ChunkedDecoder`.

use wire::BodyEvent;
use wire::chunked::ChunkedDecoder;
use wire::head::{HeadLimits, Parsed, parse_response_head};

use crate::check::failure::bytes;
use crate::check::{Context, Failure};

/// One response to build and read back.
struct Case {
    name: String,
    status: u16,
    reason: &'static str,
    content_type: &'static str,
    pieces: Vec<Vec<u8>>,
}

impl Case {
    fn input(&self) -> String {
        // Each piece on one line: `\n` shown, not obeyed.
        let pieces: Vec<String> = self
            .pieces
            .iter()
            .map(|p| format!("\"{}\"", bytes(p).replace('\n', "")))
            .collect();
        format!(
            "chunked_response({}, {:?}, {:?}, [{}])",
            self.status,
            self.reason,
            self.content_type,
            pieces.join(", ")
        )
    }

    fn fail(&self, expected: &str, got: &[u8], why: &str) -> Failure {
        Failure::function(
            &self.name,
            self.input(),
            format_args!("{expected}"),
            format_args!("{why}, in:\n{}", bytes(got)),
        )
    }
}

/// Reads `got` as a client would, and says what is wrong with it.
fn read_back(case: &Case, got: &[u8]) -> Result<(), Failure> {
    let head = match parse_response_head(got, HeadLimits::default()) {
        Ok(Parsed::Complete { head, len }) => (head, len),
        Ok(Parsed::Partial) => {
            return Err(case.fail("a whole response head", got, "the head never ends"));
        }
        Err(e) => return Err(case.fail("a response head", got, &format!("not a head: {e}"))),
    };
    let (head, len) = head;
    let status_line = format!("HTTP/1.1 {} {}", case.status, case.reason);
    if head.version != wire::Version::Http11
        || head.status != case.status
        || head.reason != case.reason
    {
        return Err(case.fail(&status_line, got, "another status line"));
    }
    if head.headers.get("Content-Type") != Some(case.content_type) {
        let wanted = format!("Content-Type: {}", case.content_type);
        return Err(case.fail(&wanted, got, "no such field"));
    }
    if !head.headers.has_token("Transfer-Encoding", "chunked") {
        return Err(case.fail("Transfer-Encoding: chunked", got, "no such field"));
    }
    if head.headers.get("Content-Length").is_some() {
        return Err(case.fail(
            "no Content-Length: the length is not known when the head is sent",
            got,
            "a Content-Length field",
        ));
    }
    let mut buf = got[len..].to_vec();
    let mut decoder = ChunkedDecoder::default();
    let mut body = Vec::new();
    let mut chunks = 0;
    loop {
        match decoder.decode(&mut buf) {
            Ok(BodyEvent::Data(data)) => {
                chunks += 1;
                body.extend(data);
            }
            Ok(BodyEvent::End) => break,
            Ok(BodyEvent::NeedMore) => {
                return Err(case.fail("the last chunk, 0\\r\\n\\r\\n", got, "the body never ends"));
            }
            Err(e) => {
                return Err(case.fail("chunked framing", got, &format!("a client reads: {e}")));
            }
        }
    }
    let all: Vec<u8> = case.pieces.concat();
    if body != all {
        return Err(case.fail(
            &format!("a body of the pieces joined: {}", bytes(&all)),
            got,
            &format!("a client reads the body {}", bytes(&body)),
        ));
    }
    if !buf.is_empty() {
        return Err(case.fail(
            "nothing after the last chunk",
            got,
            &format!("{} bytes after it, read as the next response", buf.len()),
        ));
    }
    let wanted = case.pieces.iter().filter(|p| !p.is_empty()).count();
    if chunks != wanted {
        return Err(case.fail(
            &format!("one chunk per non-empty piece: {wanted}"),
            got,
            &format!("{chunks} chunks"),
        ));
    }
    Ok(())
}

const STATUSES: &[(u16, &str)] = &[
    (200, "OK"),
    (201, "Created"),
    (206, "Partial Content"),
    (404, "Not Found"),
    (500, "Internal Server Error"),
];
const TYPES: &[&str] = &[
    "text/plain; charset=utf-8",
    "text/event-stream",
    "application/json",
    "application/octet-stream",
];

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let chunked_response = context.implementation.ex24_stream_chunks;
    let rng = &mut context.rng;
    // Short lines (under 10 bytes), so the size is the same in hex and decimal
    // here; the case after this one tells the two apart.
    let line = |n: usize| format!("line {n}\n").into_bytes();
    let (first, second) = (rng.between(1, 9), rng.between(1, 9));
    let mut cases = vec![
        Case {
            name: "two lines, two chunks".into(),
            status: 200,
            reason: "OK",
            content_type: TYPES[0],
            pieces: vec![line(first), line(second)],
        },
        Case {
            name: "a piece of 16 bytes or more: its size in hex".into(),
            status: 200,
            reason: "OK",
            content_type: TYPES[3],
            pieces: vec![
                rng.string("abcdefghijklmnopqrstuvwxyz", 16..=40)
                    .into_bytes(),
            ],
        },
        Case {
            name: "an empty piece in the middle must not end the body".into(),
            status: 200,
            reason: "OK",
            content_type: TYPES[0],
            pieces: vec![line(first), Vec::new(), line(second)],
        },
        Case {
            name: "no pieces at all: only the last chunk".into(),
            status: 200,
            reason: "OK",
            content_type: TYPES[2],
            pieces: Vec::new(),
        },
    ];
    for n in 1..=40 {
        let (status, reason) = *rng.pick(STATUSES);
        let pieces = (0..rng.below(8))
            .map(|_| {
                if rng.one_in(4) {
                    Vec::new()
                } else {
                    rng.bytes(1..=300)
                }
            })
            .collect();
        cases.push(Case {
            name: format!("random pieces #{n}, empty ones among them"),
            status,
            reason,
            content_type: TYPES[rng.below(TYPES.len())],
            pieces,
        });
    }
    for case in &cases {
        let got = chunked_response(case.status, case.reason, case.content_type, &case.pieces);
        read_back(case, &got)?;
    }
    Ok(())
}
