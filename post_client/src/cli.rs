//! The command line: curl's flag names, parsed by clap.
//!
//! The flags both raw clients share are defined once, in
//! [`raw_client::CommonArgs`]; this file adds what is `post_client`'s
//! own: the URL and the form fields, `-X`, and the ways to give a body as
//! curl gives one (`-d`, `--data-urlencode`, `--json`, `-F`).

use clap::Parser;
use raw_client::CommonArgs;

use crate::ClientError;

/// Where `post_client` posts when given no URL: the route both servers answer.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8080/api";

/// A POST client on a raw TCP socket: forms the body and the request bytes
/// by hand and reads the response by its framing.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "post_client",
    version,
    after_help = "Examples:
  post_client http://127.0.0.1:8080/api name=knsock 'note=a & b = c'   # fields, urlencoded
  post_client -v -d 'name=knsock&x=1' URL                            # a body sent as given
  post_client --data-urlencode 'note=a & b' URL                      # one field, urlencoded
  post_client --json '{\"name\":\"knsock\"}' URL                        # a JSON body
  post_client -F name=knsock -F file=@notes.txt URL                  # multipart/form-data
  post_client -X PUT -d x=1 URL                                      # another method, the same body rules
  post_client -L -i --trace URL a=1                                  # follow redirects, show every byte"
)]
pub struct Args {
    /// The URL to post to. A first argument with '=' and no http:// is a
    /// field instead, and the URL is the default
    #[arg(value_name = "URL", default_value = DEFAULT_URL)]
    pub url: String,

    /// Form fields, urlencoded into the body in the order given (as
    /// --data-urlencode NAME=VALUE). A name may repeat
    #[arg(value_name = "NAME=VALUE")]
    pub pairs: Vec<String>,

    /// Send DATA as the body as it is (urlencode it yourself); '@FILE' reads
    /// it from a file, without its line breaks. Repeatable: joined with '&'
    #[arg(short, long = "data", value_name = "DATA")]
    pub data: Vec<String>,

    /// Urlencode and send: 'content', '=content', 'name=content',
    /// '@file' or 'name@file'. Repeatable: joined with '&'
    #[arg(long = "data-urlencode", value_name = "DATA")]
    pub data_urlencode: Vec<String>,

    /// Send JSON as the body with Content-Type and Accept application/json;
    /// '@FILE' reads it from a file. Repeatable: joined as given
    #[arg(long, value_name = "JSON", conflicts_with_all = ["data", "data_urlencode", "form"])]
    pub json: Vec<String>,

    /// A multipart/form-data field: 'name=value', 'name=@file' (a file
    /// upload), 'name=<file' (a value read from a file), with optional
    /// ';type=TYPE' and ';filename=NAME'. Repeatable
    #[arg(short = 'F', long = "form", value_name = "NAME=CONTENT", conflicts_with_all = ["data", "data_urlencode"])]
    pub form: Vec<String>,

    /// The method to send instead of POST, e.g. PUT or PATCH: the same body
    #[arg(short = 'X', long = "request", value_name = "METHOD", default_value = "POST",
          value_parser = raw_client::headers::parse_method)]
    pub request: String,

    #[command(flatten)]
    pub common: CommonArgs,
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
