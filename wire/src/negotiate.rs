//! `Accept-Encoding`: may the response be compressed, and how (RFC 9110 §12.5.3)?
//!
//! A client lists the content codings it can undo, each with a *quality*
//! from 0 to 1 (1 when not given); the server picks one it can do, or
//! sends the bytes as they are (`identity`):
//!
//! ```text
//! Accept-Encoding: gzip, deflate, br      gzip, deflate and br are all fine (q=1)
//! Accept-Encoding: gzip;q=0.5, identity   rather not compressed, but gzip will do
//! Accept-Encoding: gzip;q=0               anything but gzip
//! Accept-Encoding: *                      any coding at all
//! Accept-Encoding: identity;q=0, *;q=0    nothing is acceptable, not even as-is
//! (no Accept-Encoding)                    as-is: see choose_encoding
//! ```
//!
//! A response that was compressed says `Content-Encoding: gzip`, and every
//! response that *could* have been says `Vary: Accept-Encoding`, so a cache
//! does not hand the gzip version to a client that cannot read it.
//!
//! Names are compared without regard to case, and `x-gzip` is `gzip` (RFC
//! 9110 §8.4.1.3). A `q` that is not a valid qvalue (`q=2`, `q=0.0001`,
//! `q=high`) makes its element ignored.

/// What to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice<'a> {
    /// Encode with this coding, one of the server's.
    Coding(&'a str),
    /// Send the bytes as they are, with no `Content-Encoding`.
    Identity,
    /// The client refuses every coding the server can do and identity too.
    /// RFC 9110 lets the server answer `406 Not Acceptable`, or ignore the
    /// header and send identity anyway, as most servers (nginx) do.
    NotAcceptable,
}

/// One element of the list: a coding (lower case) and its quality in
/// thousandths, 0 to 1000, so that qualities compare exactly.
fn elements<'v>(values: impl IntoIterator<Item = &'v str>) -> Vec<(String, u16)> {
    let mut found = Vec::new();
    for element in values.into_iter().flat_map(|v| v.split(',')) {
        let mut params = element.split(';');
        let coding = params.next().unwrap_or("").trim().to_ascii_lowercase();
        if coding.is_empty() {
            continue;
        }
        let mut quality = Some(1000);
        for param in params {
            if let Some((name, value)) = param.split_once('=') {
                if name.trim().eq_ignore_ascii_case("q") {
                    quality = qvalue(value.trim());
                }
            }
        }
        let coding = if coding == "x-gzip" {
            "gzip".to_string()
        } else {
            coding
        };
        if let Some(quality) = quality {
            found.push((coding, quality));
        }
    }
    found
}

// ANCHOR: qvalue
/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` (RFC 9110
/// §12.4.2), in thousandths. Floats are not needed, and would make `0.001`
/// inexact.
fn qvalue(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}
// ANCHOR_END: qvalue

// ANCHOR: choose_encoding
/// Picks the coding for a response, from every `Accept-Encoding` value of
/// the request (none when the header is absent) and the codings the
/// server can do, its favourite first.
///
/// A coding's quality is its own element's, or `*`'s if it is not named,
/// or 0 (not acceptable) if neither. The highest quality wins; on a tie, a
/// coding beats identity (the bytes are smaller), and the server's order
/// decides among codings. Identity is the same, except that when neither
/// it nor `*` is named it is acceptable, but after any coding the client
/// did name: `gzip;q=0.5` alone still means gzip. Only `identity;q=0`, or
/// `*;q=0` without an `identity` element, refuses it.
///
/// No header at all means identity. RFC 9110 says any coding is then
/// acceptable, but a client that sent nothing may well not decode gzip
/// (curl without `--compressed`), so every server sends identity.
///
/// ```
/// use wire::negotiate::{choose_encoding, Choice};
///
/// assert_eq!(choose_encoding(["gzip, deflate, br"], &["gzip"]), Choice::Coding("gzip"));
/// assert_eq!(choose_encoding(["gzip;q=0"], &["gzip"]), Choice::Identity);
/// assert_eq!(choose_encoding(["*"], &["gzip"]), Choice::Coding("gzip"));
/// assert_eq!(choose_encoding([], &["gzip"]), Choice::Identity);
/// assert_eq!(choose_encoding(["identity;q=0"], &["gzip"]), Choice::NotAcceptable);
/// ```
pub fn choose_encoding<'a, 'v>(
    values: impl IntoIterator<Item = &'v str>,
    available: &[&'a str],
) -> Choice<'a> {
    let elements = elements(values);
    let quality_of = |coding: &str| {
        elements
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(coding))
            .or_else(|| elements.iter().find(|(name, _)| name == "*"))
            .map(|(_, q)| *q)
    };
    // Identity's quality when named, by itself or by `*`; when not, it is
    // acceptable, but after any coding the client did name.
    let identity = quality_of("identity");
    let best = available
        .iter()
        .map(|coding| (*coding, quality_of(coding).unwrap_or(0)))
        .filter(|(_, q)| *q > 0)
        // max_by_key keeps the last of equals; reversed, the first (favourite).
        .rev()
        .max_by_key(|(_, q)| *q);
    match (best, identity) {
        (Some((coding, q)), Some(identity)) if q >= identity => Choice::Coding(coding),
        (Some((coding, _)), None) => Choice::Coding(coding),
        (_, Some(0)) => Choice::NotAcceptable,
        _ => Choice::Identity,
    }
}
// ANCHOR_END: choose_encoding

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choose_table() {
        use Choice::*;
        let cases: &[(&[&str], Choice<'_>)] = &[
            (&[], Identity),
            (&[""], Identity),
            (&["gzip"], Coding("gzip")),
            (&["GZIP"], Coding("gzip")),
            (&["x-gzip"], Coding("gzip")),
            (&["gzip, deflate, br, zstd"], Coding("gzip")),
            (&["deflate, br"], Identity),
            (&["br", "gzip"], Coding("gzip")),
            (&["gzip;q=0"], Identity),
            (&["gzip; q=0.000"], Identity),
            (&["gzip;Q=0"], Identity),
            (&["gzip;q=0.001"], Coding("gzip")),
            (&["gzip;q=0.5"], Coding("gzip")),
            (&["gzip;q=0.5, identity"], Identity),
            (&["gzip;q=1.0, identity;q=1"], Coding("gzip")),
            (&["gzip;q=0.5, identity;q=0.5"], Coding("gzip")),
            (&["gzip;q=0.5, identity;q=0.4"], Coding("gzip")),
            (&["*"], Coding("gzip")),
            (&["*;q=0"], NotAcceptable),
            (&["*;q=0, identity"], Identity),
            (&["*;q=0, gzip"], Coding("gzip")),
            (&["*, gzip;q=0"], Identity),
            (&["*;q=0.3, identity;q=0.5"], Identity),
            (&["identity;q=0"], NotAcceptable),
            (&["identity;q=0, gzip"], Coding("gzip")),
            (&["identity;q=0, *"], Coding("gzip")),
            (&["identity;q=0, gzip;q=0"], NotAcceptable),
            (&["identity"], Identity),
            // An invalid q drops its element.
            (&["gzip;q=2"], Identity),
            (&["gzip;q=0.0001"], Identity),
            (&["gzip;q=high"], Identity),
            (&["gzip;q=1.5"], Identity),
            (&["gzip;q="], Identity),
            (&["gzip;q=.5"], Identity),
            (&["identity;q=x"], Identity),
            (&[" , ,gzip ,"], Coding("gzip")),
        ];
        for (values, expected) in cases {
            assert_eq!(
                choose_encoding(values.iter().copied(), &["gzip"]),
                *expected,
                "{values:?}"
            );
        }
    }

    #[test]
    fn the_servers_order_breaks_ties() {
        let servers = ["br", "gzip"];
        assert_eq!(
            choose_encoding(["gzip, br"], &servers),
            Choice::Coding("br")
        );
        assert_eq!(
            choose_encoding(["gzip, br;q=0.9"], &servers),
            Choice::Coding("gzip")
        );
        assert_eq!(choose_encoding(["*"], &servers), Choice::Coding("br"));
        assert_eq!(choose_encoding(["gzip"], &[]), Choice::Identity);
    }

    #[test]
    fn qvalues() {
        let cases: &[(&str, Option<u16>)] = &[
            ("0", Some(0)),
            ("0.", Some(0)),
            ("0.5", Some(500)),
            ("0.05", Some(50)),
            ("0.123", Some(123)),
            ("1", Some(1000)),
            ("1.000", Some(1000)),
            ("1.001", None),
            ("0.1234", None),
            ("2", None),
            ("-0", None),
            ("", None),
            ("0.+1", None),
        ];
        for (text, expected) in cases {
            assert_eq!(qvalue(text), *expected, "{text:?}");
        }
    }
}
