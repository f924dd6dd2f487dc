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

/// A `-H` argument, read: the field name, and the value to send. `None`
/// is curl's `Name:` (nothing after the colon): send no such field, and
/// remove a default one of that name. `Some("")` is curl's `Name;`: send
/// the field with an empty value. An empty value is valid HTTP (RFC 9110
/// §5.5 allows it), so curl needed a second spelling for it.
pub type UserHeader = (String, Option<String>);

/// Reads a `-H` argument as curl does, in one of its three spellings:
///
/// - `Name: value`: the name is everything before the first colon and
///   must be a token; the value is the rest with surrounding spaces and
///   tabs trimmed, and must not contain CR, LF or NUL (which would end the
///   line early and inject fields of their own);
/// - `Name:` (or only spaces after the colon): "do not send this header",
///   curl's way to remove a default one ([`merge_headers`] does that);
/// - `Name;`: the header with an empty value, sent as `Name:`.
///
/// curl silently ignores `Name; something` and `Name;  `; here they are
/// refused, so a typo is not mistaken for a header that was sent.
///
/// The error is a message for the user; clap prints it as a usage error.
pub fn parse_header_arg(arg: &str) -> Result<UserHeader, String> {
    let not_a_header = || {
        format!("{arg:?} is not a header: write it as 'Name: value', or 'Name;' for an empty value")
    };
    let (name, value) = match arg.split_once(':') {
        Some((name, value)) => (name, value.trim_matches([' ', '\t'])),
        // No colon: only `Name;`, with the semicolon last, is a header.
        None => match arg.strip_suffix(';') {
            Some(name) if !name.contains(';') => (name, ""),
            _ => return Err(not_a_header()),
        },
    };
    if !is_valid_field_name(name) {
        return Err(format!(
            "{name:?} is not a valid header name: letters, digits and !#$%&'*+-.^_`|~ only, no spaces"
        ));
    }
    if !is_valid_field_value(value) {
        return Err(format!(
            "the value of {name} contains CR, LF or NUL, which would end the line early"
        ));
    }
    let send_empty = !arg.contains(':');
    let value = (send_empty || !value.is_empty()).then(|| value.to_string());
    Ok((name.to_string(), value))
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
/// default's place, and a user header without a value (`Name:`) removes
/// it; then the other user headers, in the order given. A name the user
/// repeats is sent as many times as given.
///
/// curl does the same, with one difference in order: it moves a replaced
/// default (other than `Host`) to the end with the user's headers. Keeping
/// it in place makes `-v` output easier to compare.
///
/// ```
/// let user = vec![
///     ("accept".to_string(), Some("text/plain".to_string())),
///     ("User-Agent".to_string(), None),
///     ("X-Trace".to_string(), Some("1".to_string())),
///     ("X-Empty".to_string(), Some(String::new())),
/// ];
/// let merged = raw_client::headers::merge_headers(
///     &[("Host", "a"), ("User-Agent", "me/0.1"), ("Accept", "*/*")],
///     &user,
/// );
/// assert_eq!(
///     merged,
///     [("Host", "a"), ("accept", "text/plain"), ("X-Trace", "1"), ("X-Empty", "")]
/// );
/// ```
pub fn merge_headers<'a>(
    defaults: &[(&'a str, &'a str)],
    user: &'a [UserHeader],
) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for &(name, value) in defaults {
        let mut replaced = false;
        for (user_name, user_value) in user {
            if user_name.eq_ignore_ascii_case(name) {
                replaced = true;
                if let Some(user_value) = user_value {
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
        if let (false, Some(value)) = (is_default, value) {
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
        // (argument, Some((name, value to send)), or None: refused, with a
        // message for the user.) A value of None means "send nothing".
        type Case = (&'static str, Option<(&'static str, Option<&'static str>)>);
        let cases: &[Case] = &[
            ("Accept: text/plain", Some(("Accept", Some("text/plain")))),
            ("X-Trace:1", Some(("X-Trace", Some("1")))),
            ("X-Pad: \t padded \t", Some(("X-Pad", Some("padded")))),
            ("X-Url: http://a:80/", Some(("X-Url", Some("http://a:80/")))),
            ("X-Semi: a;b", Some(("X-Semi", Some("a;b")))),
            ("Accept:", Some(("Accept", None))),
            ("Accept:  \t", Some(("Accept", None))),
            ("X-Empty;", Some(("X-Empty", Some("")))),
            ("no colon", None),
            ("X-Empty; value", None),
            ("X-Empty;  ", None),
            ("X;Y;", None),
            (";", None),
            (": value", None),
            ("Bad Name: x", None),
            ("Bad Name;", None),
            ("X: a\r\nSet-Cookie: x=1", None),
            ("X: a\0b", None),
        ];
        for (arg, expected) in cases {
            let got = parse_header_arg(arg).ok();
            let got = got.as_ref().map(|(n, v)| (n.as_str(), v.as_deref()));
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
        // User headers as (name, value), "" meaning `Name:`: send nothing.
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
            (&[("X-Gone", "")], defaults.to_vec()),
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
            let user: Vec<UserHeader> = user
                .iter()
                .map(|(n, v)| (n.to_string(), Some(v.to_string()).filter(|v| !v.is_empty())))
                .collect();
            assert_eq!(merge_headers(&defaults, &user), expected, "{user:?}");
        }
        // `Accept;`: the default's place, with an empty value.
        let empty = [("Accept".to_string(), Some(String::new()))];
        assert_eq!(
            merge_headers(&defaults, &empty),
            [defaults[0], defaults[1], ("Accept", "")]
        );
    }
}
