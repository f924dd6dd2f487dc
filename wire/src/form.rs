//! `application/x-www-form-urlencoded`: what a browser sends for a `<form>`,
//! and what follows the `?` in a URL.
//!
//! ```text
//! name=knsock&city=Z%C3%BCrich&note=a+%26+b
//! ```
//!
//! Pairs are joined by `&`, name and value by `=`; a space becomes `+`, and
//! any byte that is not a letter, digit or one of `*-._` becomes `%XX`, the
//! UTF-8 bytes of the character in hex. The `form_urlencoded` crate does the
//! work, to the WHATWG URL standard browsers follow.

// ANCHOR: decode
/// The pairs of a form body or query string, decoded, in order, repeats kept.
/// Decoding never fails: a malformed `%` escape stays as it is, and bytes
/// that are not UTF-8 become U+FFFD, as browsers do.
pub fn decode(input: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(input)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}
// ANCHOR_END: decode

/// The pairs encoded as a form body: `name=value&name=value`.
pub fn encode<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// One value urlencoded on its own, as `--data-urlencode` sends it:
/// `a & b` becomes `a+%26+b`.
pub fn encode_value(value: &[u8]) -> String {
    form_urlencoded::byte_serialize(value).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn decode_table() {
        type Case = (&'static [u8], &'static [(&'static str, &'static str)]);
        let cases: &[Case] = &[
            (b"", &[]),
            (b"name=knsock", &[("name", "knsock")]),
            (b"a=1&a=2&b=", &[("a", "1"), ("a", "2"), ("b", "")]),
            (b"city=Z%C3%BCrich", &[("city", "Zürich")]),
            (b"note=a+%26+b+%3D+c", &[("note", "a & b = c")]),
            (b"flag", &[("flag", "")]),
            (b"x=%ZZ&&y=1", &[("x", "%ZZ"), ("y", "1")]),
            (b"bad=%FF", &[("bad", "\u{FFFD}")]),
        ];
        for (input, expected) in cases {
            assert_eq!(
                decode(input),
                pairs(expected),
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn a_value_on_its_own() {
        assert_eq!(encode_value("a & b=ü".as_bytes()), "a+%26+b%3D%C3%BC");
    }

    #[test]
    fn encode_then_decode_round_trips() {
        let list = [
            ("name", "knsock"),
            ("note", "a & b = c"),
            ("city", "Zürich"),
            ("empty", ""),
        ];
        let encoded = encode(list);
        assert_eq!(
            encoded,
            "name=knsock&note=a+%26+b+%3D+c&city=Z%C3%BCrich&empty="
        );
        assert_eq!(decode(encoded.as_bytes()), pairs(&list));
    }
}
