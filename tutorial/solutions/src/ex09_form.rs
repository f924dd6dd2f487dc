//! Exercise 9: a form body to pairs, as browsers read it.

use crate::ex08_percent_decode::hex_value;

pub fn parse_form(input: &[u8]) -> Vec<(String, String)> {
    input
        .split(|&b| b == b'&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| match piece.iter().position(|&b| b == b'=') {
            Some(eq) => (decode(&piece[..eq]), decode(&piece[eq + 1..])),
            None => (decode(piece), String::new()),
        })
        .collect()
}

/// `+` to space, then `%XX` to its byte, keeping a bad escape as it is.
fn decode(part: &[u8]) -> String {
    let mut out = Vec::with_capacity(part.len());
    let mut i = 0;
    while i < part.len() {
        let escaped = match part.get(i..i + 3) {
            Some([b'%', hi, lo]) => hex_value(*hi).zip(hex_value(*lo)),
            _ => None,
        };
        match (escaped, part[i]) {
            (Some((hi, lo)), _) => {
                out.push(hi * 16 + lo);
                i += 3;
            }
            (None, b'+') => {
                out.push(b' ');
                i += 1;
            }
            (None, b) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
