//! Exercise 2: parse the request line, as strictly as httparse.

use exercises::RequestLine;

use crate::is_tchar;

pub fn parse_request_line(line: &[u8]) -> Option<RequestLine> {
    // `split` on one space: two spaces in a row give an empty part, refused below.
    let mut parts = line.split(|&b| b == b' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    if method.is_empty() || !method.iter().all(|&b| is_tchar(b)) {
        return None;
    }
    if target.is_empty() || !target.iter().all(|&b| (b'!'..=b'~').contains(&b)) {
        return None;
    }
    let version = match version {
        b"HTTP/1.0" => 0,
        b"HTTP/1.1" => 1,
        _ => return None,
    };
    Some(RequestLine {
        // Only ASCII passed the checks above, so these are valid UTF-8.
        method: String::from_utf8_lossy(method).into_owned(),
        target: String::from_utf8_lossy(target).into_owned(),
        version,
    })
}
