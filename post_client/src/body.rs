//! The body, from the command line: what curl's `-d`, `--data-urlencode`,
//! `--json` and `-F` each make, and the fields given as `NAME=VALUE`.
//!
//! | flag                  | body                                  | Content-Type                        |
//! |-----------------------|---------------------------------------|-------------------------------------|
//! | `NAME=VALUE`          | `name=value`, urlencoded              | `application/x-www-form-urlencoded` |
//! | `-d DATA`, `-d @FILE` | the bytes as given (a file without its line breaks) | the same           |
//! | `--data-urlencode`    | `name=` + the content, urlencoded     | the same                            |
//! | `--json`              | the JSON as given                     | `application/json`                  |
//! | `-F`                  | `multipart/form-data` parts           | `multipart/form-data; boundary=...` |
//!
//! Fields, `-d` and `--data-urlencode` may be mixed: they are joined with
//! `&` in that order (curl keeps the command line's order across the flags;
//! clap gives each flag's values in order, which is what this does). `-F`
//! and `--json` stand alone, as in curl. Reading the files named with `@`
//! is the only I/O here.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::multipart::{self, FormArg};
use crate::{Args, ClientError};

/// The media type of an HTML form's body, urlencoded.
pub const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";

/// A request body and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The `Content-Type` it is sent with.
    pub content_type: String,
    /// The `Accept` it asks for (`--json` asks for JSON back).
    pub accept: &'static str,
    pub bytes: Vec<u8>,
}

impl Body {
    /// The pairs as a form body: `name=value&name=value`, urlencoded with
    /// [`wire::form::encode`]. No pairs give an empty body.
    pub fn form(pairs: &[(String, String)]) -> Body {
        let encoded = wire::form::encode(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        Body {
            content_type: FORM_URLENCODED.into(),
            accept: "*/*",
            bytes: encoded.into_bytes(),
        }
    }

    /// The body the command line asks for, with `pairs` its `NAME=VALUE` fields.
    pub fn from_args(args: &Args, pairs: &[(String, String)]) -> Result<Body, ClientError> {
        if !args.form.is_empty() {
            return multipart_body(&args.form, pairs);
        }
        if !args.json.is_empty() {
            let mut bytes = Vec::new();
            for json in &args.json {
                bytes.extend(from_file_or_text(json)?);
            }
            return Ok(Body {
                content_type: "application/json".into(),
                accept: "application/json",
                bytes,
            });
        }
        let mut pieces: Vec<Vec<u8>> = pairs
            .iter()
            .map(|(n, v)| {
                format!(
                    "{}={}",
                    wire::form::encode_value(n.as_bytes()),
                    wire::form::encode_value(v.as_bytes())
                )
                .into_bytes()
            })
            .collect();
        for data in &args.data {
            let mut bytes = from_file_or_text(data)?;
            if data.starts_with('@') {
                // curl -d @file drops the file's line breaks; --data-binary keeps them.
                bytes.retain(|&b| b != b'\r' && b != b'\n');
            }
            pieces.push(bytes);
        }
        for arg in &args.data_urlencode {
            pieces.push(data_urlencode(arg)?);
        }
        Ok(Body {
            content_type: FORM_URLENCODED.into(),
            accept: "*/*",
            bytes: pieces.join(&b'&'),
        })
    }
}

/// One `--data-urlencode` argument, as curl reads it: `content`,
/// `=content`, `name=content`, `@file` or `name@file`; the content is
/// urlencoded, the name is sent as given.
fn data_urlencode(arg: &str) -> Result<Vec<u8>, ClientError> {
    let (name, content) = if let Some((name, content)) = arg.split_once('=') {
        (name, content.as_bytes().to_vec())
    } else if let Some((name, path)) = arg.split_once('@') {
        (name, read(path)?)
    } else {
        ("", arg.as_bytes().to_vec())
    };
    let encoded = wire::form::encode_value(&content);
    Ok(if name.is_empty() {
        encoded
    } else {
        format!("{name}={encoded}")
    }
    .into_bytes())
}

/// `-F` fields, and the `NAME=VALUE` pairs as text parts before them.
fn multipart_body(form: &[String], pairs: &[(String, String)]) -> Result<Body, ClientError> {
    let mut parts: Vec<multipart::Part> = pairs
        .iter()
        .map(|(name, value)| multipart::Part {
            name: name.clone(),
            filename: None,
            content_type: None,
            data: value.clone().into_bytes(),
        })
        .collect();
    for arg in form {
        let field: FormArg = multipart::parse_form_arg(arg).map_err(ClientError::Usage)?;
        parts.push(field.into_part(read)?);
    }
    // A boundary that differs from run to run, as curl's does; `boundary`
    // also makes sure it occurs in no part.
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
        ^ u64::from(std::process::id());
    let boundary = multipart::boundary(&parts, seed);
    Ok(Body {
        content_type: multipart::content_type(&boundary),
        accept: "*/*",
        bytes: multipart::encode(&parts, &boundary),
    })
}

/// `@file`: the file's bytes; anything else: the text itself.
fn from_file_or_text(arg: &str) -> Result<Vec<u8>, ClientError> {
    match arg.strip_prefix('@') {
        Some(path) => read(path),
        None => Ok(arg.as_bytes().to_vec()),
    }
}

fn read(path: &str) -> Result<Vec<u8>, ClientError> {
    std::fs::read(path).map_err(|source| ClientError::ReadFile {
        path: path.to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_urlencode_table() {
        let cases = [
            ("a & b", "a+%26+b"),
            ("=a & b", "a+%26+b"),
            ("note=a & b = c", "note=a+%26+b+%3D+c"),
            ("city=Zürich", "city=Z%C3%BCrich"),
        ];
        for (arg, expected) in cases {
            assert_eq!(
                data_urlencode(arg).ok().as_deref(),
                Some(expected.as_bytes()),
                "{arg}"
            );
        }
        assert!(matches!(
            data_urlencode("x@/no/such/file"),
            Err(ClientError::ReadFile { .. })
        ));
    }
}
