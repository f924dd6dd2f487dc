//! `multipart/form-data` by hand (RFC 7578): the body of a form with files.
//!
//! A urlencoded form is one line of `name=value` pairs, fine for text but
//! wasteful for a file (every byte that is not a letter becomes three). A
//! multipart body sends each field as a *part*, with a small head of its own
//! and its bytes as they are, and separates the parts with a *boundary*: a
//! line that the parts' bytes never contain (RFC 2046 §5.1.1).
//!
//! ```text
//! Content-Type: multipart/form-data; boundary=------------------------0123456789abcdef
//!
//! --------------------------0123456789abcdef\r\n       <- "--" + boundary: a part begins
//! Content-Disposition: form-data; name="city"\r\n
//! \r\n                                                  <- the part's head ends
//! Zürich\r\n                                            <- its bytes, as they are (UTF-8 here)
//! --------------------------0123456789abcdef\r\n
//! Content-Disposition: form-data; name="upload"; filename="notes.txt"\r\n
//! Content-Type: text/plain\r\n
//! \r\n
//! hello\r\n
//! --------------------------0123456789abcdef--\r\n     <- "--" after it: the last one
//! ```
//!
//! The CRLF before each boundary line belongs to the boundary, not to the
//! data: `Zürich` is six characters, not eight. Nothing counts the parts'
//! lengths; the receiver searches for the boundary, which is why it must not
//! occur in any part ([`boundary`] makes sure).
//!
//! This is what `curl -F` sends, and reqwest's `multipart::Form`. Both draw
//! the boundary from a random number generator; here the caller passes a
//! seed, so a test can know the bytes in advance. curl also guesses a file's
//! `Content-Type` from its extension (`.html`, `.png`, ...) and can nest
//! parts (`-F 'files=@a,b'`); this module does neither.

use std::path::Path;

use wire::write::is_valid_field_value;

/// One field of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// Present for a file upload: the name the receiver sees, not a path.
    pub filename: Option<String>,
    /// The part's media type; none means `text/plain` for a field (RFC 7578
    /// §4.4), and is sent as `application/octet-stream` for a file.
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// The boundary's fixed start: curl's 24 dashes. With the `--` before a
/// boundary line, 26 in a row: easy to see in a dump.
const BOUNDARY_DASHES: &str = "------------------------";

/// A boundary that cannot occur in the parts' data: "------------------------" + 16 hex digits from a seed, checked against every part and re-drawn if found.
///
/// Each draw is the next number of the splitmix64 generator started at
/// `seed`, so the same parts and seed give the same boundary. A random seed
/// (the clock, `std::collections::hash_map::RandomState`) makes it hard for
/// anyone to build data that holds it; the check makes it impossible.
pub fn boundary(parts: &[Part], seed: u64) -> String {
    let mut state = seed;
    loop {
        let candidate = format!("{BOUNDARY_DASHES}{:016x}", splitmix64(&mut state));
        let found = parts.iter().any(|part| {
            // The data is what matters; the head's text is checked too, as
            // it costs nothing and no line of the body should hold it.
            contains(&part.data, candidate.as_bytes())
                || [
                    Some(&part.name),
                    part.filename.as_ref(),
                    part.content_type.as_ref(),
                ]
                .into_iter()
                .flatten()
                .any(|text| text.contains(&candidate))
        });
        if !found {
            return candidate;
        }
    }
}

/// splitmix64 (Steele, Lea, Flood 2014): a tiny generator, enough to spread
/// a seed over 64 bits. Not for secrets.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Whether `needle` occurs in `haystack`. The plain way, one window at a
/// time; a production client would use a substring search such as
/// `memchr::memmem`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The `Content-Type` of the request that carries the body. The boundary is
/// made of dashes and hex digits, so it needs no quotes (RFC 2046 §5.1.1).
pub fn content_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary={boundary}")
}

/// The body: for each part `--{boundary}\r\n`, `Content-Disposition: form-data; name="..."` (+ `; filename="..."`), `\r\n`, `Content-Type: ...\r\n` when set (a file part with no type gets application/octet-stream, as curl does), `\r\n`, data, `\r\n`; then `--{boundary}--\r\n`.
///
/// Names and filenames go between quotes on a header line, so a `"` or a
/// line break in one would end the quotes or the line early. They are
/// escaped as browsers escape them (WHATWG HTML, "multipart/form-data
/// encoding algorithm"): `"` as `%22`, CR as `%0D`, LF as `%0A`. Anything
/// else, UTF-8 included, is sent as it is (RFC 7578 §5.1.1); the old
/// `filename*=utf-8''...` form of RFC 2231 is not used (RFC 7578 §4.2).
pub fn encode(parts: &[Part], boundary: &str) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        let mut head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
            escape_quoted(&part.name)
        );
        if let Some(filename) = &part.filename {
            head += &format!("; filename=\"{}\"", escape_quoted(filename));
        }
        head += "\r\n";
        let content_type = match (&part.content_type, &part.filename) {
            (Some(content_type), _) => Some(content_type.as_str()),
            (None, Some(_)) => Some("application/octet-stream"),
            // A plain field: text/plain is implied, and browsers say nothing.
            (None, None) => None,
        };
        if let Some(content_type) = content_type {
            // `parse_form_arg` refuses a type with a line break; a `Part`
            // built by hand could still hold one, and must not add a line.
            head += &format!("Content-Type: {}\r\n", escape_line_breaks(content_type));
        }
        head += "\r\n";
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(&part.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

fn escape_quoted(text: &str) -> String {
    escape_line_breaks(text).replace('"', "%22")
}

fn escape_line_breaks(text: &str) -> String {
    text.replace('\r', "%0D").replace('\n', "%0A")
}

/// What one `-F` argument asks for. Reading a file is the caller's job:
/// [`FormArg::path`] says which, and [`FormArg::into_part`] takes the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormArg {
    pub name: String,
    pub value: FormValue,
    /// `;filename=`, or for `@path` the path's last component.
    pub filename: Option<String>,
    /// `;type=`.
    pub content_type: Option<String>,
}

/// Where a `-F` field's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormValue {
    /// `name=value`: the text given.
    Text(String),
    /// `name=@path`: a file, uploaded as a file (with a filename).
    File(String),
    /// `name=<path`: a file's contents as the field's value (no filename).
    Contents(String),
}

impl FormArg {
    /// The file this argument needs read, if any. (`-`, stdin for curl, is
    /// the caller's to handle.)
    pub fn path(&self) -> Option<&str> {
        match &self.value {
            FormValue::Text(_) => None,
            FormValue::File(path) | FormValue::Contents(path) => Some(path),
        }
    }

    /// The part, calling `read` for the file's bytes if the argument names a
    /// file; `read` does the I/O (`|path| std::fs::read(path)`), so this
    /// module stays without it.
    pub fn into_part<E>(self, read: impl FnOnce(&str) -> Result<Vec<u8>, E>) -> Result<Part, E> {
        let data = match &self.value {
            FormValue::Text(text) => text.clone().into_bytes(),
            FormValue::File(path) | FormValue::Contents(path) => read(path)?,
        };
        Ok(Part {
            name: self.name,
            filename: self.filename,
            content_type: self.content_type,
            data,
        })
    }
}

/// Parses one -F argument as curl does: `name=value`, `name=@path` (a file: returns the path to read, filename = the path's last component), `name=<path` (value read from a file, no filename), with optional `;type=text/plain` and `;filename=x` suffixes. No file I/O here: returns what to read.
///
/// As in curl, the value (or path) ends at the first `;`; to send a `;`,
/// quote the value: `-F 'motto="a;b"'` (inside the quotes, `\"` is a quote
/// and `\\` a backslash). Where curl warns about a `;` parameter it does not
/// know and goes on, this refuses it, so `-F 'motto=a;b'` is an error that
/// says to quote it rather than a silent `a`. `filename=` does not apply to
/// `<path`, whose part has no filename.
///
/// The error is a message for the user; clap prints it as a usage error.
pub fn parse_form_arg(arg: &str) -> Result<FormArg, String> {
    let Some((name, rest)) = arg.split_once('=') else {
        return Err(format!(
            "{arg:?} is not a form field: write it as name=value, name=@file or name=<file"
        ));
    };
    if name.is_empty() {
        // curl sends a part with no name; RFC 7578 §4.2 says every part has one.
        return Err(format!("{arg:?} has no field name before the ="));
    }
    let (kind, rest) = match rest.as_bytes().first() {
        Some(b'@') => ("@", &rest[1..]),
        Some(b'<') => ("<", &rest[1..]),
        _ => ("", rest),
    };
    let (word, mut rest) = take_word(rest).map_err(|why| format!("-F {arg:?}: {why}"))?;
    let value = match kind {
        "@" | "<" if word.is_empty() => {
            return Err(format!("-F {arg:?}: a file name must follow {kind}"));
        }
        "@" => FormValue::File(word),
        "<" => FormValue::Contents(word),
        _ => FormValue::Text(word),
    };
    let mut filename = match &value {
        FormValue::File(path) => Some(last_component(path)),
        _ => None,
    };
    let mut content_type = None;
    while let Some(after) = rest.strip_prefix(';') {
        let after = after.trim_start_matches([' ', '\t']);
        let (key, after) = after.split_once('=').unwrap_or((after, ""));
        let (word, after) = take_word(after).map_err(|why| format!("-F {arg:?}: {why}"))?;
        rest = after;
        match key.to_ascii_lowercase().as_str() {
            "type" => {
                // curl wants `major/minor`; it goes on a header line, so no
                // CR, LF or NUL either.
                if !word.contains('/') || !is_valid_field_value(&word) {
                    return Err(format!(
                        "-F {arg:?}: {word:?} is not a media type like text/plain"
                    ));
                }
                content_type = Some(word);
            }
            "filename" if kind == "<" => {
                return Err(format!(
                    "-F {arg:?}: <file sends a field's value, with no filename; use @file to upload a file"
                ));
            }
            "filename" => filename = Some(word),
            _ => {
                return Err(format!(
                    "-F {arg:?}: unknown ;{key}= (only ;type= and ;filename=); to send a ; in a value, quote it: name=\"a;b\""
                ));
            }
        }
    }
    Ok(FormArg {
        name: name.to_string(),
        value,
        filename,
        content_type,
    })
}

/// A value, path or parameter: up to the next `;`, or a `"quoted"` string
/// in which `\"` and `\\` stand for `"` and `\`. Returns it and the rest,
/// which is empty or starts with `;`. A quote that is never closed is taken
/// as an ordinary character, as curl takes it.
fn take_word(text: &str) -> Result<(String, &str), String> {
    if let Some(quoted) = text.strip_prefix('"') {
        let mut word = String::new();
        let mut chars = quoted.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                // Only `\"` and `\\` are escapes; any other `\` is itself.
                '\\' => match chars.next_if(|&(_, next)| next == '"' || next == '\\') {
                    Some((_, escaped)) => word.push(escaped),
                    None => word.push('\\'),
                },
                '"' => {
                    let rest = &quoted[i + 1..];
                    if !rest.is_empty() && !rest.starts_with(';') {
                        return Err(format!("{rest:?} after the closing quote"));
                    }
                    return Ok((word, rest));
                }
                c => word.push(c),
            }
        }
    }
    let end = text.find(';').unwrap_or(text.len());
    Ok((text[..end].to_string(), &text[end..]))
}

/// The name a receiver sees for an uploaded file: the path's last
/// component, never the directories (`../secret/a.txt` is sent as `a.txt`).
fn last_component(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or(path, |name| name.to_str().unwrap_or(path))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn part(name: &str, filename: Option<&str>, content_type: Option<&str>, data: &[u8]) -> Part {
        Part {
            name: name.to_string(),
            filename: filename.map(str::to_string),
            content_type: content_type.map(str::to_string),
            data: data.to_vec(),
        }
    }

    #[test]
    fn a_two_part_body_byte_by_byte() {
        let parts = [
            part("city", None, None, "Zürich".as_bytes()),
            part(
                "upload",
                Some("notes.txt"),
                Some("text/plain"),
                b"hello\r\n",
            ),
        ];
        let body = encode(&parts, "------------------------0123456789abcdef");
        let expected = concat!(
            "--------------------------0123456789abcdef\r\n",
            "Content-Disposition: form-data; name=\"city\"\r\n",
            "\r\n",
            "Zürich\r\n",
            "--------------------------0123456789abcdef\r\n",
            "Content-Disposition: form-data; name=\"upload\"; filename=\"notes.txt\"\r\n",
            "Content-Type: text/plain\r\n",
            "\r\n",
            "hello\r\n\r\n",
            "--------------------------0123456789abcdef--\r\n",
        );
        assert_eq!(String::from_utf8_lossy(&body), expected);
    }

    #[test]
    fn head_table() {
        // (part, the head line(s) between the boundary line and the data)
        let cases: &[(Part, &str)] = &[
            (
                part("a", None, None, b""),
                "Content-Disposition: form-data; name=\"a\"\r\n\r\n",
            ),
            (
                part("f", Some("x.bin"), None, b""),
                "Content-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            ),
            (
                part("j", None, Some("application/json"), b""),
                "Content-Disposition: form-data; name=\"j\"\r\nContent-Type: application/json\r\n\r\n",
            ),
            (
                part(
                    "say \"hi\"\r\n",
                    Some("a\"b\nc.txt"),
                    Some("text/plain"),
                    b"",
                ),
                "Content-Disposition: form-data; name=\"say %22hi%22%0D%0A\"; filename=\"a%22b%0Ac.txt\"\r\nContent-Type: text/plain\r\n\r\n",
            ),
            (
                part("t", None, Some("text/plain\r\nX-Evil: 1"), b""),
                "Content-Disposition: form-data; name=\"t\"\r\nContent-Type: text/plain%0D%0AX-Evil: 1\r\n\r\n",
            ),
            (
                part("名前", Some("résumé.txt"), None, b""),
                "Content-Disposition: form-data; name=\"名前\"; filename=\"résumé.txt\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            ),
        ];
        for (part, head) in cases {
            let body = encode(std::slice::from_ref(part), "B");
            let expected = format!("--B\r\n{head}\r\n--B--\r\n");
            assert_eq!(String::from_utf8_lossy(&body), expected, "{part:?}");
        }
        assert_eq!(encode(&[], "B"), b"--B--\r\n");
    }

    #[test]
    fn the_boundary_is_never_in_the_data() {
        let first = boundary(&[], 7);
        assert_eq!(first.len(), 40);
        assert!(first.starts_with(BOUNDARY_DASHES), "{first}");
        assert!(
            first[24..].bytes().all(|b| b.is_ascii_hexdigit()),
            "{first}"
        );
        // The same seed, the same boundary; another seed, another.
        assert_eq!(boundary(&[], 7), first);
        assert_ne!(boundary(&[], 8), first);
        // Data that holds the first draw makes it draw again.
        let mut data = b"\r\n--".to_vec();
        data.extend_from_slice(first.as_bytes());
        let parts = [part("f", Some("trap"), None, &data)];
        let second = boundary(&parts, 7);
        assert_ne!(second, first);
        assert!(!contains(&data, second.as_bytes()), "{second}");
        // So does a name.
        assert_ne!(boundary(&[part(&first, None, None, b"")], 7), first);
    }

    #[test]
    fn form_arg_table() {
        let arg = |name: &str,
                   value: FormValue,
                   filename: Option<&str>,
                   content_type: Option<&str>| FormArg {
            name: name.to_string(),
            value,
            filename: filename.map(str::to_string),
            content_type: content_type.map(str::to_string),
        };
        let text = |s: &str| FormValue::Text(s.to_string());
        let file = |s: &str| FormValue::File(s.to_string());
        let contents = |s: &str| FormValue::Contents(s.to_string());
        let cases: Vec<(&str, FormArg)> = vec![
            ("name=knsock", arg("name", text("knsock"), None, None)),
            ("empty=", arg("empty", text(""), None, None)),
            ("eq=a=b", arg("eq", text("a=b"), None, None)),
            ("city=Zürich", arg("city", text("Zürich"), None, None)),
            (
                "upload=@notes.txt",
                arg("upload", file("notes.txt"), Some("notes.txt"), None),
            ),
            (
                "upload=@/tmp/dir/a.png",
                arg("upload", file("/tmp/dir/a.png"), Some("a.png"), None),
            ),
            (
                "upload=@../secret/a.txt",
                arg("upload", file("../secret/a.txt"), Some("a.txt"), None),
            ),
            (
                "upload=@a.txt;type=text/plain",
                arg("upload", file("a.txt"), Some("a.txt"), Some("text/plain")),
            ),
            (
                "upload=@a.txt;filename=b.txt",
                arg("upload", file("a.txt"), Some("b.txt"), None),
            ),
            (
                "upload=@a.txt; type=text/html;filename=index.html",
                arg(
                    "upload",
                    file("a.txt"),
                    Some("index.html"),
                    Some("text/html"),
                ),
            ),
            (
                "upload=@\"semi;colon.txt\";TYPE=text/plain",
                arg(
                    "upload",
                    file("semi;colon.txt"),
                    Some("semi;colon.txt"),
                    Some("text/plain"),
                ),
            ),
            ("msg=<msg.txt", arg("msg", contents("msg.txt"), None, None)),
            (
                "data=<data.json;type=application/json",
                arg(
                    "data",
                    contents("data.json"),
                    None,
                    Some("application/json"),
                ),
            ),
            ("motto=\"a;b\"", arg("motto", text("a;b"), None, None)),
            (
                "q=\"say \\\"hi\\\"\"",
                arg("q", text("say \"hi\""), None, None),
            ),
            (
                "p=\"C:\\dir\\\\x\"",
                arg("p", text("C:\\dir\\x"), None, None),
            ),
            ("open=\"no end", arg("open", text("\"no end"), None, None)),
            (
                "t=x;type=\"text/plain; charset=utf-8\"",
                arg("t", text("x"), None, Some("text/plain; charset=utf-8")),
            ),
            (
                "note=hello;filename=hello.txt",
                arg("note", text("hello"), Some("hello.txt"), None),
            ),
            ("at=\\@home", arg("at", text("\\@home"), None, None)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_form_arg(input).as_ref(), Ok(&expected), "{input:?}");
        }
    }

    #[test]
    fn bad_form_args_say_why() {
        let cases: &[(&str, &str)] = &[
            ("no-equals", "name=value"),
            ("=value", "no field name"),
            ("f=@", "a file name must follow @"),
            ("f=<", "a file name must follow <"),
            ("f=@a;type=plain", "not a media type"),
            ("f=@a;type=text/plain\r\nX: 1", "not a media type"),
            ("f=<a;filename=b", "use @file"),
            ("motto=a;b", "quote it"),
            ("f=@a;headers=X: 1", "unknown ;headers="),
            ("q=\"a\"b", "after the closing quote"),
        ];
        for (input, why) in cases {
            match parse_form_arg(input) {
                Err(message) => assert!(message.contains(why), "{input:?}: {message}"),
                Ok(arg) => panic!("{input:?} parsed as {arg:?}"),
            }
        }
    }

    #[test]
    fn into_part_reads_only_files() -> TestResult {
        let read = |path: &str| -> Result<Vec<u8>, String> { Ok(format!("<{path}>").into_bytes()) };
        let cases: &[(&str, Part)] = &[
            ("a=1", part("a", None, None, b"1")),
            ("f=@d/x.txt", part("f", Some("x.txt"), None, b"<d/x.txt>")),
            (
                "c=<y;type=text/csv",
                part("c", None, Some("text/csv"), b"<y>"),
            ),
        ];
        for (input, expected) in cases {
            let part = parse_form_arg(input)?.into_part(read)?;
            assert_eq!(&part, expected, "{input:?}");
        }
        let failed = parse_form_arg("f=@missing")?.into_part(|_| Err("no such file"));
        assert_eq!(failed, Err("no such file"));
        Ok(())
    }

    /// The proof that the bytes are right: a real multipart parser (axum's
    /// `Multipart`, which is the `multer` crate) reads them back, field by
    /// field, through axum's router with no socket.
    #[tokio::test]
    async fn a_real_parser_reads_the_body_back() -> TestResult {
        use std::sync::{Arc, Mutex};

        use axum::body::Body;
        use axum::extract::Multipart;
        use axum::http::{Request, StatusCode, header};
        use axum::routing::post;
        use tower::ServiceExt;

        // Every byte value, then something that looks like a delimiter.
        let mut binary: Vec<u8> = (0..=255).collect();
        binary.extend_from_slice(b"\r\n--------------------------\r\n--");
        let parts = vec![
            part("city", None, None, "Zürich ☃ 東京".as_bytes()),
            part("empty", None, None, b""),
            part(
                "upload",
                Some("notes.txt"),
                Some("text/plain"),
                b"hello\r\nworld\r\n",
            ),
            part("blob", Some("bytes.bin"), None, &binary),
            part("data", None, Some("application/json"), br#"{"a":1}"#),
            part(
                "cv",
                Some("résumé.txt"),
                Some("text/plain; charset=utf-8"),
                b"hi",
            ),
        ];
        let boundary = boundary(&parts, 0x5eed);
        let body = encode(&parts, &boundary);

        type Field = (Option<String>, Option<String>, Option<String>, Vec<u8>);
        let received: Arc<Mutex<Vec<Field>>> = Arc::default();
        let sink = received.clone();
        let app = axum::Router::new().route(
            "/upload",
            post(move |mut multipart: Multipart| {
                let sink = sink.clone();
                async move {
                    let mut fields = Vec::new();
                    while let Some(field) = multipart.next_field().await? {
                        let name = field.name().map(str::to_string);
                        let filename = field.file_name().map(str::to_string);
                        let content_type = field.content_type().map(str::to_string);
                        let bytes = field.bytes().await?;
                        fields.push((name, filename, content_type, bytes.to_vec()));
                    }
                    if let Ok(mut received) = sink.lock() {
                        *received = fields;
                    }
                    Ok::<_, axum::extract::multipart::MultipartError>(StatusCode::NO_CONTENT)
                }
            }),
        );
        let request = Request::post("/upload")
            .header(header::CONTENT_TYPE, content_type(&boundary))
            .body(Body::from(body))?;
        let response = app.oneshot(request).await?;
        let status = response.status();
        let text = axum::body::to_bytes(response.into_body(), 1 << 16).await?;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "{}",
            String::from_utf8_lossy(&text)
        );

        let received = received.lock().map_err(|e| e.to_string())?.clone();
        let expected: Vec<Field> = parts
            .iter()
            .map(|p| {
                let content_type = match (&p.content_type, &p.filename) {
                    (Some(t), _) => Some(t.clone()),
                    (None, Some(_)) => Some("application/octet-stream".to_string()),
                    (None, None) => None,
                };
                (
                    Some(p.name.clone()),
                    p.filename.clone(),
                    content_type,
                    p.data.clone(),
                )
            })
            .collect();
        assert_eq!(received, expected);
        Ok(())
    }
}
