//! The command line: curl's flag names, parsed by clap.
//!
//! Only a few of curl's two hundred options, with the same letters and the
//! same meaning, so what a learner types here works with `curl` too and the
//! two outputs can be compared line by line. The flags both raw clients
//! share are defined once, in [`raw_client::CommonArgs`]; this file
//! adds what is `get_client`'s own: the URLs, `-X` and `-I`.

use clap::Parser;
use raw_client::CommonArgs;

/// Where `get_client` goes when given no URL: the route both servers answer.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8080/api?name=knsock";

/// A GET client on a raw TCP socket: forms the request bytes by hand and
/// reads the response by its framing.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "get_client",
    version,
    after_help = "Examples:
  get_client 'http://127.0.0.1:8080/api?name=knsock'
  get_client -v -i http://127.0.0.1:8080/hello                  # -v: the bytes sent (>) and the head received (<)
  get_client --trace http://127.0.0.1:8080/hello                # every byte, labelled
  get_client -H 'Accept: application/json' -o out.json URL      # a header of your own; the body to a file
  get_client -L -f --max-redirs 5 URL                           # follow redirects; exit 22 on a 4xx/5xx
  get_client --connect-timeout 2 -m 10 --compressed URL         # time limits; a gzip body, decoded
  get_client --cacert ca.pem https://localhost:8443/            # https with a private CA (-k: no check)
  get_client http://h/a http://h/b                              # two URLs, one connection"
)]
pub struct Args {
    /// The URLs to fetch, in order. URLs to the same host and port share
    /// one connection when the server keeps it open
    #[arg(value_name = "URL", default_value = DEFAULT_URL)]
    pub urls: Vec<String>,

    /// The method to send instead of GET, e.g. HEAD or DELETE
    #[arg(short = 'X', long = "request", value_name = "METHOD", default_value = "GET",
          value_parser = raw_client::headers::parse_method)]
    pub request: String,

    /// Send HEAD and show the response head: the same as -X HEAD -i
    #[arg(short = 'I', long = "head")]
    pub head: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

impl Args {
    /// The method the request line carries.
    pub fn method(&self) -> &str {
        if self.head { "HEAD" } else { &self.request }
    }
}
