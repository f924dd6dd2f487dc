//! The command line: curl's flag names, parsed by clap.
//!
//! Only a handful of curl's two hundred options, with the same letters and
//! the same meaning, so what a learner types here works with `curl` too and
//! the two outputs can be compared line by line. `-H` and `-X` are checked
//! while parsing (with [`wire::client::parse_header_arg`] and
//! [`wire::client::parse_method`]): a value with a CR or LF in it would
//! inject a header line of its own, so it never reaches the request.

use clap::Parser;

use crate::ClientError;

/// Where `get_client` goes when given no URL: the route both servers answer.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8080/api?name=knsock";

/// A GET client on a raw TCP socket: forms the request bytes by hand and
/// reads the response by its framing.
#[derive(Debug, Clone, Parser)]
#[command(name = "get_client", version)]
pub struct Args {
    /// The URL to fetch (http:// only, for now).
    #[arg(default_value = DEFAULT_URL)]
    pub url: String,

    /// Show the connection, the request head ('>' lines) and the response
    /// heads ('<' lines) on stderr.
    #[arg(short, long)]
    pub verbose: bool,

    /// Write the response head, exactly as received, before the body.
    #[arg(short, long)]
    pub include: bool,

    /// Add a header, 'Name: value'. A default one (Host, User-Agent, Accept)
    /// with the same name is replaced; 'Name:' with no value removes it.
    /// Repeatable.
    #[arg(
        short = 'H',
        long = "header",
        value_name = "NAME: VALUE",
        value_parser = wire::client::parse_header_arg
    )]
    pub headers: Vec<(String, String)>,

    /// The method to send instead of GET, e.g. HEAD or DELETE.
    #[arg(
        short = 'X',
        long = "request",
        value_name = "METHOD",
        default_value = "GET",
        value_parser = wire::client::parse_method
    )]
    pub request: String,

    /// Send HEAD and show the response head: the same as -X HEAD -i.
    #[arg(short = 'I', long = "head")]
    pub head: bool,
}

impl Args {
    /// The method the request line carries.
    pub fn method(&self) -> &str {
        if self.head { "HEAD" } else { &self.request }
    }

    /// Is the response head written to stdout?
    pub fn include(&self) -> bool {
        self.include || self.head
    }

    /// The URL, parsed.
    pub fn url(&self) -> Result<wire::HttpUrl, ClientError> {
        wire::HttpUrl::parse(&self.url).map_err(ClientError::BadUrl)
    }
}
