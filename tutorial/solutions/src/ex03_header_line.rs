//! Exercise 3: parse a header line.

use exercises::Header;

use crate::is_tchar;

pub fn parse_header_line(line: &[u8]) -> Option<Header> {
    let colon = line.iter().position(|&b| b == b':')?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    // A space before the colon is not a token character, so `Host : x` fails here.
    if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
        return None;
    }
    let allowed = |b: &u8| *b == b'\t' || (b' '..=b'~').contains(b);
    if !value.iter().all(allowed) {
        return None;
    }
    let value = value.trim_ascii_start();
    let value = value.trim_ascii_end();
    // trim_ascii also takes \r, \n and form feeds, but the check above let none through.
    Some(Header {
        name: String::from_utf8_lossy(name).into_owned(),
        value: String::from_utf8_lossy(value).into_owned(),
    })
}
