//! `multipart/form-data` (RFC 7578, RFC 2046 §5.1), read as it streams in.
//!
//! The body of a form with files: each field is a *part* with a small head
//! of its own and its bytes as they are, between *boundary* lines that the
//! request's `Content-Type` names (post_client's `multipart` module builds
//! these bodies; this one reads them):
//!
//! ```text
//! Content-Type: multipart/form-data; boundary=XyZ
//!
//! this is a preamble, ignored\r\n                <- rare; browsers send none
//! --XyZ\r\n                                       <- a part begins
//! Content-Disposition: form-data; name="city"\r\n
//! \r\n                                            <- its head ends
//! Zürich\r\n--XyZ\r\n                             <- "\r\n--XyZ" ends the data
//! Content-Disposition: form-data; name="upload"; filename="notes.txt"\r\n
//! Content-Type: text/plain\r\n
//! \r\n
//! hello\r\n--XyZ--\r\n                            <- "--" after it: the last one
//! this is an epilogue, ignored
//! ```
//!
//! The CRLF before a boundary line belongs to the boundary, not to the
//! data. Nothing says how long a part is: the reader searches for
//! `\r\n--XyZ`. So the parser never needs a whole part in memory, only the
//! few bytes at the end of what it was fed that might be the start of a
//! boundary: an upload of a gigabyte streams through it to disk.
//!
//! [`MultipartParser`] works like the other readers here: feed it the
//! buffer the body's bytes go into, in pieces of any size, and it takes what
//! it can use off the front and says what it was ([`MultipartEvent`]), or
//! "need more bytes". Limits on the number of parts and the size of each
//! part's head keep a client from making it read headers forever; the
//! total size is the server's to cap (`--max-upload`), since the parser
//! keeps nothing it has handed back.
//!
//! Strict where leniency would let two readers disagree: line endings are
//! CRLF, a boundary line is the boundary and nothing else (spaces and tabs
//! allowed, RFC 2046's "transport padding"), and every part must say
//! `Content-Disposition: form-data; name="..."` (RFC 7578 §4.2).

use std::fmt;

use crate::StatusCode;

/// Why a multipart body can never be read. [`MultipartError::status`] maps
/// each to the answer, in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MultipartError {
    /// The request's `Content-Type` is not `multipart/form-data`.
    NotFormData,
    /// `multipart/form-data` with no `boundary` parameter.
    MissingBoundary,
    /// A boundary that is empty, longer than 70 characters, ends in a space,
    /// or holds a character RFC 2046 §5.1.1 does not allow.
    InvalidBoundary,
    /// A boundary line followed by something other than spaces and CRLF
    /// (or `--` for the last): e.g. `--XyZabc`.
    InvalidBoundaryLine,
    /// A part's head with a bare LF, or a line httparse refuses.
    MalformedPartHead,
    /// A part's head without `Content-Disposition: form-data; name="..."`.
    MissingName,
    /// A part's head longer than the limit.
    PartHeadTooLarge { limit: usize },
    /// More parts than the limit.
    TooManyParts { limit: usize },
    /// The body ended before the last boundary (`--XyZ--`).
    UnexpectedEnd,
}

impl MultipartError {
    /// The status a server answers with: 415 for a body that is not
    /// multipart at all, 413 for one past a limit, 400 for the rest.
    pub fn status(&self) -> StatusCode {
        match self {
            MultipartError::NotFormData => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            MultipartError::PartHeadTooLarge { .. } | MultipartError::TooManyParts { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

impl fmt::Display for MultipartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultipartError::NotFormData => write!(f, "Content-Type is not multipart/form-data"),
            MultipartError::MissingBoundary => write!(f, "multipart/form-data without a boundary"),
            MultipartError::InvalidBoundary => write!(f, "invalid multipart boundary"),
            MultipartError::InvalidBoundaryLine => {
                write!(f, "a boundary line with more than the boundary on it")
            }
            MultipartError::MalformedPartHead => write!(f, "malformed head of a multipart part"),
            MultipartError::MissingName => {
                write!(f, "a part without Content-Disposition: form-data; name=...")
            }
            MultipartError::PartHeadTooLarge { limit } => {
                write!(f, "a part's head is larger than {limit} bytes")
            }
            MultipartError::TooManyParts { limit } => write!(f, "more than {limit} parts"),
            MultipartError::UnexpectedEnd => {
                write!(f, "the body ended before the last multipart boundary")
            }
        }
    }
}

impl std::error::Error for MultipartError {}

// ANCHOR: boundary
/// The boundary named by a request's `Content-Type`, quoted or not:
/// `multipart/form-data; boundary=XyZ` or `...; boundary="Xy Z"`.
///
/// ```
/// use wire::multipart::{boundary, MultipartError};
///
/// assert_eq!(boundary("multipart/form-data; boundary=XyZ"), Ok("XyZ".to_string()));
/// assert_eq!(boundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b\""), Ok("a b".to_string()));
/// assert_eq!(boundary("text/plain"), Err(MultipartError::NotFormData));
/// ```
pub fn boundary(content_type: &str) -> Result<String, MultipartError> {
    let mut parts = content_type.split(';');
    let media_type = parts.next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case("multipart/form-data") {
        return Err(MultipartError::NotFormData);
    }
    // Parameters are `name=value` or `name="quoted value"`. A boundary
    // cannot hold `;` or `"` (see below), so splitting on `;` is safe for
    // the boundary; another parameter's quoted `;` would only make an odd
    // parameter that is then not called `boundary`.
    let value = parts
        .filter_map(|param| param.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim())
        .ok_or(MultipartError::MissingBoundary)?;
    let value = match value.strip_prefix('"') {
        Some(quoted) => quoted
            .strip_suffix('"')
            .ok_or(MultipartError::InvalidBoundary)?,
        None => value,
    };
    // bchars (RFC 2046 §5.1.1): letters, digits, '()+_,-./:=? and space,
    // 1 to 70 of them, not ending in a space.
    let allowed = |c: char| c.is_ascii_alphanumeric() || "'()+_,-./:=? ".contains(c);
    if value.is_empty() || value.len() > 70 || value.ends_with(' ') || !value.chars().all(allowed) {
        return Err(MultipartError::InvalidBoundary);
    }
    Ok(value.to_string())
}
// ANCHOR_END: boundary

/// How much a client may send besides the parts' data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Parts in one body. A form has a handful; 64 is generous.
    pub max_parts: usize,
    /// Bytes in one part's head. Two short lines are usual; a long file
    /// name fits many times in 8 KiB.
    pub max_head_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_parts: 64,
            max_head_bytes: 8 * 1024,
        }
    }
}

/// What a part says about itself in its head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartHead {
    /// The form field's name.
    pub name: String,
    /// For a file: the name it had on the sender's disk, as it was sent.
    /// Never trust it as a path: it may hold `../` or `/`; a server makes
    /// its own name to save under.
    pub filename: Option<String>,
    /// The part's `Content-Type`; none means `text/plain` (RFC 7578 §4.4).
    pub content_type: Option<String>,
}

/// What the parser found in the bytes it was fed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MultipartEvent {
    /// A part begins.
    PartHead(PartHead),
    /// Some of the current part's data, as it arrived. A part's data comes
    /// in as many pieces as it was fed in: join them, or write each out.
    Data(Vec<u8>),
    /// The current part's data is complete.
    PartEnd,
    /// The last boundary has passed: the form is complete. Whatever is fed
    /// after it (the epilogue) is discarded.
    End,
    /// Feed more bytes of the body.
    NeedMore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first boundary; `at_start` while nothing was skipped, as
    /// the first boundary line may come with no CRLF before it.
    Preamble { at_start: bool },
    /// Just after `--boundary`: `--`, or padding then CRLF, comes next.
    AfterBoundary,
    /// After the padding of a boundary line: only CRLF may come.
    Padding,
    /// Reading a part's head, up to its empty line.
    Head,
    /// Inside a part's data, until `\r\n--boundary`.
    Data,
    /// After the last boundary.
    Done,
}

/// A streaming `multipart/form-data` parser. Sans-IO: it never reads; it is
/// fed.
///
/// ```
/// use wire::multipart::{boundary, Limits, MultipartEvent, MultipartParser, PartHead};
///
/// let content_type = "multipart/form-data; boundary=XyZ";
/// let mut parser = MultipartParser::new(&boundary(content_type)?, Limits::default());
/// let mut buf = b"--XyZ\r\nContent-Disposition: form-data; name=\"city\"\r\n\r\nZ\xc3\xbcrich\r\n--X".to_vec();
/// let head = PartHead { name: "city".into(), filename: None, content_type: None };
/// assert_eq!(parser.next_event(&mut buf, false)?, MultipartEvent::PartHead(head));
/// assert_eq!(parser.next_event(&mut buf, false)?, MultipartEvent::Data("Zürich".into()));
/// // "\r\n--X" might be the start of the boundary: kept until more comes.
/// assert_eq!(parser.next_event(&mut buf, false)?, MultipartEvent::NeedMore);
/// buf.extend_from_slice(b"yZ--\r\n");
/// assert_eq!(parser.next_event(&mut buf, true)?, MultipartEvent::PartEnd);
/// assert_eq!(parser.next_event(&mut buf, true)?, MultipartEvent::End);
/// # Ok::<(), wire::multipart::MultipartError>(())
/// ```
#[derive(Debug, Clone)]
pub struct MultipartParser {
    /// `\r\n--boundary`: what ends a part's data.
    delimiter: Vec<u8>,
    limits: Limits,
    parts: usize,
    state: State,
}

impl MultipartParser {
    /// A parser for a body whose parts are separated by `boundary` (from
    /// [`boundary`]).
    pub fn new(boundary: &str, limits: Limits) -> MultipartParser {
        MultipartParser {
            delimiter: [b"\r\n--", boundary.as_bytes()].concat(),
            limits,
            parts: 0,
            state: State::Preamble { at_start: true },
        }
    }

    /// Has the last boundary been seen?
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    // ANCHOR: next_event
    /// Takes bytes off the front of `buf` and says what they were. `eof`
    /// says the body has ended: nothing more will be fed, so "need more"
    /// becomes [`MultipartError::UnexpectedEnd`].
    pub fn next_event(
        &mut self,
        buf: &mut Vec<u8>,
        eof: bool,
    ) -> Result<MultipartEvent, MultipartError> {
        let event = self.step(buf)?;
        if event == MultipartEvent::NeedMore && eof {
            return Err(MultipartError::UnexpectedEnd);
        }
        Ok(event)
    }

    fn step(&mut self, buf: &mut Vec<u8>) -> Result<MultipartEvent, MultipartError> {
        loop {
            match self.state {
                State::Preamble { at_start } => {
                    // The first boundary line needs no CRLF before it.
                    let dash_boundary = &self.delimiter[2..];
                    if at_start {
                        if buf.len() < dash_boundary.len() && dash_boundary.starts_with(buf) {
                            return Ok(MultipartEvent::NeedMore);
                        }
                        if buf.starts_with(dash_boundary) {
                            buf.drain(..dash_boundary.len());
                            self.state = State::AfterBoundary;
                            continue;
                        }
                    }
                    // Skip the preamble up to `\r\n--boundary`, keeping
                    // what may be its start.
                    match find_delimiter(buf, &self.delimiter) {
                        Ok(i) => {
                            buf.drain(..i + self.delimiter.len());
                            self.state = State::AfterBoundary;
                        }
                        Err(safe) => {
                            buf.drain(..safe);
                            if safe > 0 {
                                self.state = State::Preamble { at_start: false };
                            }
                            return Ok(MultipartEvent::NeedMore);
                        }
                    }
                }
                State::AfterBoundary => match buf.as_slice() {
                    [b'-', b'-', ..] => {
                        buf.drain(..2);
                        self.state = State::Done;
                    }
                    [] | [b'-'] => return Ok(MultipartEvent::NeedMore),
                    _ => {
                        self.parts += 1;
                        if self.parts > self.limits.max_parts {
                            return Err(MultipartError::TooManyParts {
                                limit: self.limits.max_parts,
                            });
                        }
                        self.state = State::Padding;
                    }
                },
                State::Padding => {
                    // Spaces and tabs are dropped as they come, so a line
                    // of padding cannot fill memory.
                    let spaces = buf.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
                    buf.drain(..spaces);
                    match buf.as_slice() {
                        [b'\r', b'\n', ..] => {
                            buf.drain(..2);
                            self.state = State::Head;
                        }
                        [] | [b'\r'] => return Ok(MultipartEvent::NeedMore),
                        _ => return Err(MultipartError::InvalidBoundaryLine),
                    }
                }
                State::Head => {
                    let Some(head) = self.take_head(buf)? else {
                        return Ok(MultipartEvent::NeedMore);
                    };
                    self.state = State::Data;
                    return Ok(MultipartEvent::PartHead(head));
                }
                State::Data => {
                    let end = match find_delimiter(buf, &self.delimiter) {
                        Ok(0) => {
                            buf.drain(..self.delimiter.len());
                            self.state = State::AfterBoundary;
                            return Ok(MultipartEvent::PartEnd);
                        }
                        Ok(i) => i,
                        Err(0) => return Ok(MultipartEvent::NeedMore),
                        Err(safe) => safe,
                    };
                    return Ok(MultipartEvent::Data(buf.drain(..end).collect()));
                }
                State::Done => {
                    // The epilogue: read, and thrown away.
                    buf.clear();
                    return Ok(MultipartEvent::End);
                }
            }
        }
    }
    // ANCHOR_END: next_event

    /// A part's head, once its empty line is here: checked for CRLF line
    /// endings, parsed by httparse, and read for the three things a form
    /// part says about itself.
    fn take_head(&self, buf: &mut Vec<u8>) -> Result<Option<PartHead>, MultipartError> {
        let limit = self.limits.max_head_bytes;
        let too_large = MultipartError::PartHeadTooLarge { limit };
        let seen = &buf[..buf.len().min(limit + 1)];
        let mut fields = [httparse::EMPTY_HEADER; 16];
        let complete = match httparse::parse_headers(seen, &mut fields) {
            Ok(httparse::Status::Complete((len, _))) if len > limit => return Err(too_large),
            Ok(httparse::Status::Complete((len, _))) => Some(len),
            Ok(httparse::Status::Partial) if seen.len() > limit => return Err(too_large),
            Ok(httparse::Status::Partial) => None,
            Err(_) => return Err(MultipartError::MalformedPartHead),
        };
        // A bare LF: httparse takes it as a line end; a strict reader must
        // not, or it disagrees with one that does not about where the head
        // ends. Only the head is judged: the data after it may hold anything.
        let head = &seen[..complete.unwrap_or(seen.len())];
        if head
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'\n' && (i == 0 || head[i - 1] != b'\r'))
        {
            return Err(MultipartError::MalformedPartHead);
        }
        let Some(len) = complete else {
            return Ok(None);
        };
        let mut name = None;
        let mut filename = None;
        let mut content_type = None;
        for field in fields.iter().take_while(|f| !f.name.is_empty()) {
            let value = String::from_utf8_lossy(field.value);
            if field.name.eq_ignore_ascii_case("Content-Disposition") {
                (name, filename) = disposition(&value).ok_or(MultipartError::MissingName)?;
            } else if field.name.eq_ignore_ascii_case("Content-Type") {
                content_type = Some(value.trim().to_string());
            }
        }
        buf.drain(..len);
        let name = name.ok_or(MultipartError::MissingName)?;
        Ok(Some(PartHead {
            name,
            filename,
            content_type,
        }))
    }
}

/// Where `delimiter` starts in `buf` (`Ok`), or how many bytes at the front
/// cannot be part of it (`Err`): all but a tail that is the delimiter's
/// beginning, which must wait for more bytes to be judged.
fn find_delimiter(buf: &[u8], delimiter: &[u8]) -> Result<usize, usize> {
    // A plain search, one CR at a time; `memchr::memmem` is what a
    // production parser (multer, behind axum's Multipart) would use.
    for (i, _) in buf.iter().enumerate().filter(|(_, b)| **b == b'\r') {
        let rest = &buf[i..];
        if rest.starts_with(delimiter) {
            return Ok(i);
        }
        if delimiter.starts_with(rest) {
            return Err(i);
        }
    }
    Err(buf.len())
}

/// `form-data; name="field"; filename="a.txt"`: the name and the file
/// name, or `None` if it is not `form-data` with a name.
///
/// Browsers put names between quotes and escape `"`, CR and LF inside them
/// as `%22`, `%0D` and `%0A` (and a backslash is just a backslash), so that
/// is what is undone here, as the Fetch standard's parser does. Unquoted
/// tokens (`name=field`) are accepted too. `filename*=` (RFC 5987) is not
/// read: RFC 7578 §4.2 says not to send it.
fn disposition(value: &str) -> Option<(Option<String>, Option<String>)> {
    let (kind, mut rest) = value.split_once(';').unwrap_or((value, ""));
    if !kind.trim().eq_ignore_ascii_case("form-data") {
        return None;
    }
    let (mut name, mut filename) = (None, None);
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        // `name=value`; a parameter with no `=` before the next `;` is
        // skipped.
        let Some(equals) = rest.find('=') else {
            break;
        };
        if let Some(semicolon) = rest[..equals].find(';') {
            rest = &rest[semicolon..];
            continue;
        }
        let (param, after) = (&rest[..equals], &rest[equals + 1..]);
        let (text, after) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"')?;
                (&quoted[..end], &quoted[end + 1..])
            }
            None => after.split_once(';').unwrap_or((after, "")),
        };
        let text = text
            .trim()
            .replace("%22", "\"")
            .replace("%0D", "\r")
            .replace("%0A", "\n");
        match param.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(text),
            "filename" => filename = Some(text),
            _ => {}
        }
        rest = after;
    }
    Some((Some(name?), filename))
}

#[cfg(test)]
mod tests {
    use super::*;
    use MultipartEvent::{Data, End, NeedMore, PartEnd};

    /// Every event of `body` fed `step` bytes at a time, with neighbouring
    /// `Data` joined (how a part's data is cut depends on the feeding).
    fn events_in_steps(body: &[u8], step: usize) -> Result<Vec<MultipartEvent>, MultipartError> {
        let mut parser = MultipartParser::new("XyZ", Limits::default());
        let (mut buf, mut fed, mut events) = (Vec::new(), 0, Vec::<MultipartEvent>::new());
        loop {
            match parser.next_event(&mut buf, fed == body.len())? {
                NeedMore => {
                    let end = (fed + step).min(body.len());
                    buf.extend_from_slice(&body[fed..end]);
                    fed = end;
                }
                End => {
                    events.push(End);
                    return Ok(events);
                }
                Data(more) => match events.last_mut() {
                    Some(Data(data)) => data.extend(more),
                    _ => events.push(Data(more)),
                },
                event => events.push(event),
            }
        }
    }

    fn head(name: &str, filename: Option<&str>, content_type: Option<&str>) -> MultipartEvent {
        MultipartEvent::PartHead(PartHead {
            name: name.into(),
            filename: filename.map(Into::into),
            content_type: content_type.map(Into::into),
        })
    }

    fn data(bytes: &[u8]) -> MultipartEvent {
        Data(bytes.to_vec())
    }

    /// The module's example, as curl sends it.
    const FORM: &[u8] = b"--XyZ\r\n\
        Content-Disposition: form-data; name=\"city\"\r\n\
        \r\n\
        Z\xc3\xbcrich\r\n\
        --XyZ\r\n\
        Content-Disposition: form-data; name=\"upload\"; filename=\"notes.txt\"\r\n\
        Content-Type: text/plain\r\n\
        \r\n\
        hello\r\n\
        --XyZ--\r\n";

    #[test]
    fn the_example_at_every_step_size() {
        let expected = vec![
            head("city", None, None),
            data("Zürich".as_bytes()),
            PartEnd,
            head("upload", Some("notes.txt"), Some("text/plain")),
            data(b"hello"),
            PartEnd,
            End,
        ];
        for step in 1..=FORM.len() {
            assert_eq!(
                events_in_steps(FORM, step),
                Ok(expected.clone()),
                "step {step}"
            );
        }
    }

    #[test]
    fn data_is_handed_back_as_it_arrives() {
        let mut parser = MultipartParser::new("XyZ", Limits::default());
        let mut buf = b"--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc".to_vec();
        assert_eq!(
            parser.next_event(&mut buf, false),
            Ok(head("f", None, None))
        );
        assert_eq!(parser.next_event(&mut buf, false), Ok(data(b"abc")));
        assert!(buf.is_empty(), "nothing of the part is kept");
        buf.extend_from_slice(b"def\r");
        assert_eq!(parser.next_event(&mut buf, false), Ok(data(b"def")));
        assert_eq!(buf, b"\r", "a CR might start the boundary");
        buf.extend_from_slice(b"\nnot a boundary");
        assert_eq!(
            parser.next_event(&mut buf, false),
            Ok(data(b"\r\nnot a boundary"))
        );
        assert_eq!(
            parser.next_event(&mut buf, true),
            Err(MultipartError::UnexpectedEnd)
        );
    }

    #[test]
    fn bodies_table() {
        use MultipartError::*;
        let part = |body: &str| -> Vec<u8> { body.as_bytes().to_vec() };
        type Case = (
            &'static str,
            Vec<u8>,
            Result<Vec<MultipartEvent>, MultipartError>,
        );
        let cases: Vec<Case> = vec![
            (
                "a preamble and an epilogue are skipped",
                part(
                    "ignore me\r\n--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--\r\nand me",
                ),
                Ok(vec![head("a", None, None), data(b"1"), PartEnd, End]),
            ),
            (
                "a preamble that holds --XyZ not at a line start",
                part(
                    "x--XyZ\r\n--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--",
                ),
                Ok(vec![head("a", None, None), data(b"1"), PartEnd, End]),
            ),
            (
                "empty data",
                part("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n--XyZ--\r\n"),
                Ok(vec![head("a", None, None), PartEnd, End]),
            ),
            (
                "data holding CRLFs and dashes",
                part(
                    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n--\r\n--Xy\r\n\r\n--XyZ--",
                ),
                Ok(vec![
                    head("a", None, None),
                    data(b"\r\n--\r\n--Xy\r\n"),
                    PartEnd,
                    End,
                ]),
            ),
            (
                "transport padding after boundaries",
                part(
                    "--XyZ \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--  \r\n",
                ),
                Ok(vec![head("a", None, None), data(b"1"), PartEnd, End]),
            ),
            (
                "no parts at all, as a browser sends an empty form",
                part("--XyZ--\r\n"),
                Ok(vec![End]),
            ),
            (
                "escaped quotes and a backslash in names",
                part(
                    "--XyZ\r\nContent-Disposition: form-data; name=\"a%22b\"; filename=\"c:\\x%0A.txt\"\r\n\r\n\r\n--XyZ--",
                ),
                Ok(vec![head("a\"b", Some("c:\\x\n.txt"), None), PartEnd, End]),
            ),
            (
                "a parameter without a value is skipped",
                part("--XyZ\r\nContent-Disposition: form-data; odd; name=a\r\n\r\n\r\n--XyZ--"),
                Ok(vec![head("a", None, None), PartEnd, End]),
            ),
            (
                "a ; inside quotes, header names in any case",
                part(
                    "--XyZ\r\ncontent-disposition: FORM-DATA; filename=\"a;b\"; name=\"n\"\r\ncontent-type: image/png\r\n\r\n\r\n--XyZ--",
                ),
                Ok(vec![
                    head("n", Some("a;b"), Some("image/png")),
                    PartEnd,
                    End,
                ]),
            ),
            (
                "the boundary followed by more",
                part("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZW\r\n"),
                Err(InvalidBoundaryLine),
            ),
            (
                "a boundary line with a bare LF",
                part("--XyZ\nContent-Disposition: form-data; name=a\r\n\r\n"),
                Err(InvalidBoundaryLine),
            ),
            (
                "a part head with a bare LF",
                part("--XyZ\r\nContent-Disposition: form-data; name=a\n\r\n1\r\n--XyZ--"),
                Err(MalformedPartHead),
            ),
            (
                "a part head line without a colon",
                part("--XyZ\r\nContent-Disposition form-data\r\n\r\n1\r\n--XyZ--"),
                Err(MalformedPartHead),
            ),
            (
                "no Content-Disposition",
                part("--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--"),
                Err(MissingName),
            ),
            (
                "not form-data",
                part("--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--XyZ--"),
                Err(MissingName),
            ),
            (
                "no name",
                part("--XyZ\r\nContent-Disposition: form-data; filename=a\r\n\r\n1\r\n--XyZ--"),
                Err(MissingName),
            ),
            (
                "an unclosed quote",
                part("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--XyZ--"),
                Err(MissingName),
            ),
            ("an empty body", part(""), Err(UnexpectedEnd)),
            ("no boundary anywhere", part("hello"), Err(UnexpectedEnd)),
            (
                "ends in the head",
                part("--XyZ\r\nContent-Disposition: form-data; name=a\r\n"),
                Err(UnexpectedEnd),
            ),
            (
                "ends in the data",
                part("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n12"),
                Err(UnexpectedEnd),
            ),
            (
                "ends in the last boundary",
                part("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ-"),
                Err(UnexpectedEnd),
            ),
            (
                "ends after a boundary that is not the last",
                part("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ\r\n"),
                Err(UnexpectedEnd),
            ),
        ];
        for (name, body, expected) in cases {
            for step in [1, 3, body.len().max(1)] {
                assert_eq!(
                    events_in_steps(&body, step),
                    expected,
                    "{name}, step {step}"
                );
            }
        }
    }

    #[test]
    fn limits() {
        let limits = Limits {
            max_parts: 2,
            max_head_bytes: 64,
        };
        let one = "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n";
        let mut parser = MultipartParser::new("XyZ", limits);
        let mut buf = format!("{one}{one}{one}--XyZ--").into_bytes();
        let error = loop {
            match parser.next_event(&mut buf, true) {
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert_eq!(error, MultipartError::TooManyParts { limit: 2 });
        assert_eq!(error.status(), StatusCode::PAYLOAD_TOO_LARGE);

        // Refused once more than the limit is here, before its end is.
        let mut parser = MultipartParser::new("XyZ", limits);
        let mut buf = b"--XyZ\r\nContent-Disposition: form-data; name=".to_vec();
        buf.extend(std::iter::repeat_n(b'a', 100));
        assert_eq!(
            parser.next_event(&mut buf, false),
            Err(MultipartError::PartHeadTooLarge { limit: 64 })
        );
        let mut parser = MultipartParser::new("XyZ", limits);
        let mut buf = format!("--XyZ\r\nX: {}\r\n\r\n", "a".repeat(60)).into_bytes();
        assert_eq!(
            parser.next_event(&mut buf, false),
            Err(MultipartError::PartHeadTooLarge { limit: 64 })
        );
    }

    #[test]
    fn boundary_table() {
        use MultipartError::*;
        let long = format!("multipart/form-data; boundary={}", "a".repeat(71));
        let cases: &[(&str, Result<&str, MultipartError>)] = &[
            ("multipart/form-data; boundary=XyZ", Ok("XyZ")),
            ("multipart/form-data;boundary=XyZ", Ok("XyZ")),
            ("multipart/form-data; boundary=\"XyZ\"", Ok("XyZ")),
            ("multipart/form-data; boundary=\"a b:c\"", Ok("a b:c")),
            (
                "multipart/form-data; boundary=------------------------0123456789abcdef",
                Ok("------------------------0123456789abcdef"),
            ),
            ("MULTIPART/FORM-DATA; Boundary=XyZ", Ok("XyZ")),
            (
                "multipart/form-data; charset=utf-8; boundary=XyZ ",
                Ok("XyZ"),
            ),
            ("multipart/form-data", Err(MissingBoundary)),
            ("multipart/form-data; charset=utf-8", Err(MissingBoundary)),
            ("multipart/form-data; boundary=", Err(InvalidBoundary)),
            ("multipart/form-data; boundary=\"\"", Err(InvalidBoundary)),
            ("multipart/form-data; boundary=\"XyZ", Err(InvalidBoundary)),
            (
                "multipart/form-data; boundary=\"XyZ \"",
                Err(InvalidBoundary),
            ),
            ("multipart/form-data; boundary=a\"b", Err(InvalidBoundary)),
            ("multipart/form-data; boundary=ü", Err(InvalidBoundary)),
            (&long, Err(InvalidBoundary)),
            ("multipart/mixed; boundary=XyZ", Err(NotFormData)),
            ("application/x-www-form-urlencoded", Err(NotFormData)),
            ("", Err(NotFormData)),
        ];
        for (content_type, expected) in cases {
            assert_eq!(
                boundary(content_type),
                expected.clone().map(String::from),
                "{content_type}"
            );
        }
    }
}
