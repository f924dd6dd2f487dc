//! `-H` and `-X`: what a user adds to a request, read as curl reads it.
//!
//! Both raw clients take `-H 'Name: value'` and `-X METHOD`, and both make
//! their request's header fields from a few defaults of their own plus the
//! user's. This file is the rules for that: [`parse_header_arg`] and
//! [`parse_method`] check the arguments (clap calls them, so a bad one is a
//! usage error before anything is sent), and [`merge_headers`] lets a user's
//! header replace or remove a default one. The clients' `request.rs` files
//! use the result to write their bytes.

use wire::write::{is_valid_field_name, is_valid_field_value};

/// Reads a `-H` argument, `Name: value`, as curl does: the name is
/// everything before the first colon and must be a token; the value is the
/// rest with surrounding spaces and tabs trimmed, and must not contain CR, LF
/// or NUL (which would end the line early and inject fields of their own).
///
/// An empty value (`-H 'Accept:'`) is kept: [`merge_headers`] reads it as
/// "do not send this header", curl's way to remove a default one.
///
/// The error is a message for the user; clap prints it as a usage error.
pub fn parse_header_arg(arg: &str) -> Result<(String, String), String> {
    let Some((name, value)) = arg.split_once(':') else {
        return Err(format!(
            "{arg:?} is not a header: write it as 'Name: value'"
        ));
    };
    if !is_valid_field_name(name) {
        return Err(format!(
            "{name:?} is not a valid header name: letters, digits and !#$%&'*+-.^_`|~ only, no spaces"
        ));
    }
    let value = value.trim_matches([' ', '\t']);
    if !is_valid_field_value(value) {
        return Err(format!(
            "the value of {name} contains CR, LF or NUL, which would end the line early"
        ));
    }
    Ok((name.to_string(), value.to_string()))
}

/// Reads a `-X` argument. A method is a token (RFC 9110 §9.1), so the same
/// check as a header name applies. It is sent as given: methods are
/// case-sensitive, and `get` is not `GET` (curl does not change it either).
pub fn parse_method(arg: &str) -> Result<String, String> {
    if is_valid_field_name(arg) {
        Ok(arg.to_string())
    } else {
        Err(format!(
            "{arg:?} is not a valid method: letters, digits and !#$%&'*+-.^_`|~ only"
        ))
    }
}

/// The header fields a request sends: `defaults` in their order, except
/// that a user header with the same name (ASCII case ignored) takes the
/// default's place, and a user header with an empty value removes it; then
/// the other user headers, in the order given. A name the user repeats is
/// sent as many times as given.
///
/// curl does the same, with one difference in order: it moves a replaced
/// default (other than `Host`) to the end with the user's headers. Keeping
/// it in place makes `-v` output easier to compare.
///
/// ```
/// let user = vec![
///     ("accept".to_string(), "text/plain".to_string()),
///     ("User-Agent".to_string(), String::new()),
///     ("X-Trace".to_string(), "1".to_string()),
/// ];
/// let merged = raw_client::headers::merge_headers(
///     &[("Host", "a"), ("User-Agent", "me/0.1"), ("Accept", "*/*")],
///     &user,
/// );
/// assert_eq!(merged, [("Host", "a"), ("accept", "text/plain"), ("X-Trace", "1")]);
/// ```
pub fn merge_headers<'a>(
    defaults: &[(&'a str, &'a str)],
    user: &'a [(String, String)],
) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for &(name, value) in defaults {
        let mut replaced = false;
        for (user_name, user_value) in user {
            if user_name.eq_ignore_ascii_case(name) {
                replaced = true;
                if !user_value.is_empty() {
                    out.push((user_name.as_str(), user_value.as_str()));
                }
            }
        }
        if !replaced {
            out.push((name, value));
        }
    }
    for (name, value) in user {
        let is_default = defaults.iter().any(|(d, _)| d.eq_ignore_ascii_case(name));
        if !is_default && !value.is_empty() {
            out.push((name.as_str(), value.as_str()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_arg_table() {
        // None: refused, with a message for the user.
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("Accept: text/plain", Some(("Accept", "text/plain"))),
            ("X-Trace:1", Some(("X-Trace", "1"))),
            ("X-Pad: \t padded \t", Some(("X-Pad", "padded"))),
            ("X-Url: http://a:80/", Some(("X-Url", "http://a:80/"))),
            ("Accept:", Some(("Accept", ""))),
            ("no colon", None),
            (": value", None),
            ("Bad Name: x", None),
            ("X: a\r\nSet-Cookie: x=1", None),
            ("X: a\0b", None),
        ];
        for (arg, expected) in cases {
            let got = parse_header_arg(arg).ok();
            let got = got.as_ref().map(|(n, v)| (n.as_str(), v.as_str()));
            assert_eq!(got, *expected, "{arg:?}");
        }
    }

    #[test]
    fn method_table() {
        for ok in ["GET", "HEAD", "DELETE", "PURGE", "get"] {
            assert_eq!(parse_method(ok).as_deref(), Ok(ok));
        }
        for bad in ["", "GET /", "G\r\nET"] {
            assert!(parse_method(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn merge_table() {
        let defaults = [
            ("Host", "a:8080"),
            ("User-Agent", "t/0.1"),
            ("Accept", "*/*"),
        ];
        type Case = (
            &'static [(&'static str, &'static str)],
            Vec<(&'static str, &'static str)>,
        );
        let cases: Vec<Case> = vec![
            (&[], defaults.to_vec()),
            (
                &[("X-A", "1"), ("X-B", "2")],
                vec![
                    defaults[0],
                    defaults[1],
                    defaults[2],
                    ("X-A", "1"),
                    ("X-B", "2"),
                ],
            ),
            (
                &[("HOST", "b")],
                vec![("HOST", "b"), defaults[1], defaults[2]],
            ),
            (&[("Accept", "")], vec![defaults[0], defaults[1]]),
            (&[("X-Empty", "")], defaults.to_vec()),
            (
                &[("X-A", "1"), ("Accept", "a"), ("accept", "b"), ("X-A", "2")],
                vec![
                    defaults[0],
                    defaults[1],
                    ("Accept", "a"),
                    ("accept", "b"),
                    ("X-A", "1"),
                    ("X-A", "2"),
                ],
            ),
        ];
        for (user, expected) in cases {
            let user: Vec<(String, String)> = user
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            assert_eq!(merge_headers(&defaults, &user), expected, "{user:?}");
        }
    }
}
