//! Just enough JSON to write an answer (RFC 8259): strings, escaped.
//!
//! The hand-written server answers some routes in JSON (`/api` with
//! `Accept: application/json`, `/mirror`, `/cookies`, `/upload`). Numbers,
//! `true` and arrays are plain text to write; only a string needs care,
//! since a `"` or a line break inside it would end it early or break the
//! document. The escaping is byte for byte what `serde_json` does, so the
//! axum server, which uses serde_json, sends the same bytes: the parity
//! test compares them.
//!
//! A production server derives `Serialize` and lets serde_json write
//! everything; `wire` depends on nothing but httparse and form_urlencoded.

// ANCHOR: string
/// A JSON string literal, quotes included, escaped as `serde_json` escapes
/// it: `"` and `\`, the short forms `\n` `\r` `\t` `\b` `\f`, and every
/// other control character as `\u00XX`. Everything else, non-ASCII
/// included, is written as it is (JSON is UTF-8).
///
/// ```
/// assert_eq!(wire::json::string("say \"hi\"\n"), r#""say \"hi\"\n""#);
/// assert_eq!(wire::json::string("Zürich"), "\"Zürich\"");
/// ```
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
// ANCHOR_END: string

/// Name-value pairs as an array of two-string arrays, in order, repeats
/// kept: `[["a","1"],["a","2"]]`. An object would lose the order and the
/// repeats, which for headers, queries and cookies are the point.
///
/// ```
/// assert_eq!(wire::json::pairs([("a", "1"), ("b", "\"")]), r#"[["a","1"],["b","\""]]"#);
/// ```
pub fn pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let items: Vec<String> = pairs
        .into_iter()
        .map(|(name, value)| format!("[{},{}]", string(name), string(value)))
        .collect();
    format!("[{}]", items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_like_serde_json() {
        let cases: &[(&str, &str)] = &[
            ("plain", r#""plain""#),
            ("", r#""""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("tab\tnl\n\u{1}", r#""tab\tnl\n\u0001""#),
            ("\r\u{8}\u{c}\u{1f}", r#""\r\b\f\u001f""#),
            ("\u{7f} / \u{2028}", "\"\u{7f} / \u{2028}\""),
            ("Zürich", "\"Zürich\""),
        ];
        for (input, expected) in cases {
            assert_eq!(string(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn pairs_keep_order_and_repeats() {
        assert_eq!(pairs([]), "[]");
        assert_eq!(pairs([("a", "1"), ("a", "2")]), r#"[["a","1"],["a","2"]]"#);
    }
}
