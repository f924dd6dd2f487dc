//! Server-Sent Events (WHATWG HTML §9.2): a response that never ends, one
//! event at a time, for a browser's `EventSource`.
//!
//! The response is `Content-Type: text/event-stream`, sent chunked (or
//! close-delimited to HTTP/1.0), and its body is lines of `field: value`;
//! a blank line ends each event:
//!
//! ```text
//! id: 3\n                 <- the browser remembers it
//! event: tick\n           <- addEventListener("tick", ...); "message" if absent
//! data: line one\n        <- each line of the data on a data: line;
//! data: line two\n           the browser joins them with "\n"
//! \n                      <- the event is complete: dispatch it
//! : keep-alive\n\n        <- a comment: ignored, but it shows the connection is alive
//! ```
//!
//! When the connection drops, the browser reconnects by itself and sends
//! `Last-Event-ID: 3`, so the server can go on from event 4 instead of
//! starting over. That is the one thing a server reads here.

use std::fmt;

use crate::Headers;

/// The media type of an event stream. It is UTF-8 by definition: no charset.
pub const CONTENT_TYPE: &str = "text/event-stream";

/// A comment line and blank line: sent now and then, it keeps proxies from
/// timing the stream out, and a write that fails tells the server that the
/// browser has gone.
pub const KEEP_ALIVE: &str = ": keep-alive\n\n";

/// Why an event cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SseError {
    /// A CR or LF in `id` or `event`: it would end the field's line early,
    /// and the rest would be read as another field.
    LineBreakInField,
    /// A NUL in `id`: the browser ignores such an id (WHATWG HTML §9.2.6).
    NulInId,
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SseError::LineBreakInField => "a line break in an event's id or name",
            SseError::NulInId => "a NUL in an event's id",
        })
    }
}

impl std::error::Error for SseError {}

// ANCHOR: event
/// One event, ready to send: `id:`, `event:`, one `data:` line per line of
/// `data` (split at CRLF, CR or LF, as the browser will), and the blank
/// line that dispatches it.
///
/// ```
/// use wire::sse::event;
///
/// assert_eq!(
///     event(Some("3"), Some("tick"), "line one\nline two").unwrap(),
///     "id: 3\nevent: tick\ndata: line one\ndata: line two\n\n",
/// );
/// assert_eq!(event(None, None, "").unwrap(), "data: \n\n");
/// ```
pub fn event(id: Option<&str>, name: Option<&str>, data: &str) -> Result<String, SseError> {
    let mut out = String::new();
    if let Some(id) = id {
        if id.contains('\0') {
            return Err(SseError::NulInId);
        }
        out += &field("id", id)?;
    }
    if let Some(name) = name {
        out += &field("event", name)?;
    }
    // `lines()` would drop a final empty line and split only at LF; the
    // browser splits at all three line endings and keeps every line.
    for line in data.split("\r\n").flat_map(|l| l.split(['\r', '\n'])) {
        out += "data: ";
        out += line;
        out += "\n";
    }
    out += "\n";
    Ok(out)
}
// ANCHOR_END: event

fn field(name: &str, value: &str) -> Result<String, SseError> {
    if value.contains(['\r', '\n']) {
        return Err(SseError::LineBreakInField);
    }
    Ok(format!("{name}: {value}\n"))
}

// ANCHOR: last_event_id
/// The `Last-Event-ID` a reconnecting browser sends: the `id` of the last
/// event it received. `None` when absent or empty (a fresh start).
///
/// ```
/// use wire::{Header, Headers};
///
/// let headers = Headers(vec![Header { name: "Last-Event-ID".into(), value: "41".into() }]);
/// let next = wire::sse::last_event_id(&headers)
///     .and_then(|id| id.parse::<u64>().ok())
///     .map_or(0, |last| last + 1);
/// assert_eq!(next, 42);
/// ```
pub fn last_event_id(headers: &Headers) -> Option<&str> {
    headers.get("Last-Event-ID").filter(|id| !id.is_empty())
}
// ANCHOR_END: last_event_id

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Header;

    #[test]
    fn event_table() {
        type Case = (
            Option<&'static str>,
            Option<&'static str>,
            &'static str,
            Result<&'static str, SseError>,
        );
        let cases: &[Case] = &[
            (None, None, "hi", Ok("data: hi\n\n")),
            (Some("1"), None, "hi", Ok("id: 1\ndata: hi\n\n")),
            (None, Some("tick"), "hi", Ok("event: tick\ndata: hi\n\n")),
            (None, None, "a\nb", Ok("data: a\ndata: b\n\n")),
            (None, None, "a\r\nb\rc", Ok("data: a\ndata: b\ndata: c\n\n")),
            (None, None, "a\n", Ok("data: a\ndata: \n\n")),
            (None, None, "\n\n", Ok("data: \ndata: \ndata: \n\n")),
            (None, None, " x: y", Ok("data:  x: y\n\n")),
            (Some("1\n2"), None, "", Err(SseError::LineBreakInField)),
            (None, Some("a\rb"), "", Err(SseError::LineBreakInField)),
            (Some("1\u{0}"), None, "", Err(SseError::NulInId)),
        ];
        for (id, name, data, expected) in cases {
            assert_eq!(
                event(*id, *name, data),
                expected.map(String::from),
                "{id:?} {name:?} {data:?}"
            );
        }
    }

    #[test]
    fn last_event_id_values() {
        let with = |value: &str| {
            Headers(vec![Header {
                name: "last-event-id".into(),
                value: value.into(),
            }])
        };
        assert_eq!(last_event_id(&with("7")), Some("7"));
        assert_eq!(last_event_id(&with("")), None);
        assert_eq!(last_event_id(&Headers::default()), None);
    }
}
