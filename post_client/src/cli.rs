//! The command line: curl's flag names, and form fields as `NAME=VALUE`.
//!
//! curl sends a form with `-d 'name=x&city=y'`, encoded by hand, or
//! `--data-urlencode` once per field. Here the fields are plain arguments
//! after the URL and the client encodes them, so `post_client city=Zürich`
//! shows what the encoding does. The URL may be left out: a first argument
//! with `=` in it that does not start with `http://` or `https://` is taken
//! as a field, and the request goes to [`DEFAULT_URL`].

use clap::Parser;

use crate::ClientError;

/// Where `post_client` posts when given no URL: the route both servers answer.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8080/api";

/// A POST client on a raw TCP socket: urlencodes a form body, forms the
/// request bytes by hand, and reads the response by its framing.
#[derive(Debug, Clone, Parser)]
#[command(name = "post_client", version)]
pub struct Args {
    /// The URL to post to (http:// only, for now).
    #[arg(default_value = DEFAULT_URL)]
    pub url: String,

    /// Form fields, urlencoded into the body in the order given. A name may
    /// repeat; with none, the body is empty.
    #[arg(value_name = "NAME=VALUE")]
    pub pairs: Vec<String>,

    /// Show the connection, the request head ('>' lines) and the response
    /// heads ('<' lines) on stderr.
    #[arg(short, long)]
    pub verbose: bool,

    /// Write the response head, exactly as received, before the body.
    #[arg(short, long)]
    pub include: bool,

    /// Add a header, 'Name: value'. A default one (Host, User-Agent, Accept,
    /// Content-Type, Content-Length) with the same name is replaced; 'Name:'
    /// with no value removes it. Repeatable.
    #[arg(
        short = 'H',
        long = "header",
        value_name = "NAME: VALUE",
        value_parser = wire::client::parse_header_arg
    )]
    pub headers: Vec<(String, String)>,

    /// The method to send instead of POST, e.g. PUT or PATCH: the same body.
    #[arg(
        short = 'X',
        long = "request",
        value_name = "METHOD",
        default_value = "POST",
        value_parser = wire::client::parse_method
    )]
    pub request: String,
}

impl Args {
    /// The method the request line carries.
    pub fn method(&self) -> &str {
        &self.request
    }

    /// The URL, parsed, and the form's fields split at their first `=`.
    /// A field without `=` is a usage error (exit 2); a bad URL is exit 3.
    pub fn url_and_pairs(&self) -> Result<(wire::HttpUrl, Vec<(String, String)>), ClientError> {
        let mut words: Vec<&str> = self.pairs.iter().map(String::as_str).collect();
        let scheme = self.url.to_ascii_lowercase();
        let has_scheme = scheme.starts_with("http://") || scheme.starts_with("https://");
        let url = if !has_scheme && self.url.contains('=') {
            // `post_client name=x`: no URL, so the first argument is a field.
            words.insert(0, &self.url);
            DEFAULT_URL
        } else {
            &self.url
        };
        let pairs = words
            .into_iter()
            .map(|word| match word.split_once('=') {
                Some((name, value)) => Ok((name.to_string(), value.to_string())),
                None => Err(ClientError::Usage(format!(
                    "{word:?} is not a form field: write NAME=VALUE after the URL"
                ))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let url = wire::HttpUrl::parse(url).map_err(ClientError::BadUrl)?;
        Ok((url, pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The URL and the fields, or the exit code.
    type Split = Result<(String, Vec<(String, String)>), u8>;

    fn split(args: &[&str]) -> Split {
        let args = Args::try_parse_from(std::iter::once("post_client").chain(args.iter().copied()))
            .map_err(|e| e.exit_code() as u8)?;
        args.url_and_pairs()
            .map(|(url, pairs)| (url.to_string(), pairs))
            .map_err(|e| e.exit_code())
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn url_and_pairs_table() {
        let default = DEFAULT_URL.to_string();
        let cases: Vec<(&[&str], Split)> = vec![
            (&[], Ok((default.clone(), vec![]))),
            (&["name=x"], Ok((default.clone(), pairs(&[("name", "x")])))),
            (
                &["name=x", "a=1=2", "flag="],
                Ok((
                    default.clone(),
                    pairs(&[("name", "x"), ("a", "1=2"), ("flag", "")]),
                )),
            ),
            (
                &["http://h:1/p?q=1", "a=1"],
                Ok(("http://h:1/p?q=1".to_string(), pairs(&[("a", "1")]))),
            ),
            (
                &["HTTP://h/", "a=1"],
                Ok(("http://h/".to_string(), pairs(&[("a", "1")]))),
            ),
            (&["http://h/", "oops"], Err(2)),
            (&["name=x", "oops"], Err(2)),
            (&["h:8080/api"], Err(3)),
            (&["h:8080/api", "a=1"], Err(3)),
        ];
        for (args, expected) in cases {
            assert_eq!(split(args), expected, "{args:?}");
        }
    }
}
