//! The flags both raw clients take, named and meant as curl names and means
//! them, defined once so `get_client` and `post_client` cannot drift apart.
//!
//! Each client's own `Args` adds what is its own (the URLs, the form
//! fields, the default method) and takes these with `#[command(flatten)]`.
//! There is no I/O here: the flags are parsed into values, and the clients
//! act on them.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::printer::PrintOptions;

/// The flags `get_client` and `post_client` share.
#[derive(Debug, Clone, Default, Args)]
pub struct CommonArgs {
    /// Show the connection and the request and response heads ('>' and '<'
    /// lines) on stderr
    #[arg(short, long)]
    pub verbose: bool,

    /// Show every byte sent and received on stderr, labelled: request line,
    /// header, blank line, chunk size, chunk data, trailer...
    #[arg(long)]
    pub trace: bool,

    /// Write the response head, exactly as received, before the body
    #[arg(short, long)]
    pub include: bool,

    /// Add a header, 'Name: value'. One named like a default header replaces
    /// it; 'Name:' with no value removes it; 'Name;' sends it with an empty
    /// value. Repeatable
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE", value_parser = crate::headers::parse_header_arg)]
    pub headers: Vec<crate::headers::UserHeader>,

    /// Write the body to FILE instead of stdout. Repeatable: the first -o is
    /// for the first URL, and so on
    #[arg(short, long = "output", value_name = "FILE")]
    pub outputs: Vec<PathBuf>,

    /// Print no error messages
    #[arg(short, long)]
    pub silent: bool,

    /// Fail on an HTTP error (status 400 or above): print no body, exit 22
    #[arg(short, long)]
    pub fail: bool,

    /// Follow redirects (3xx with a Location). Authorization, Cookie and
    /// Proxy-Authorization given with -H go only to the first URL's origin
    #[arg(short = 'L', long)]
    pub location: bool,

    /// As -L, and send Authorization, Cookie and Proxy-Authorization given
    /// with -H to every host a redirect leads to (trust where it leads)
    #[arg(long)]
    pub location_trusted: bool,

    /// With -L, the most redirects to follow before giving up (exit 47)
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_redirs: usize,

    /// Seconds to wait for the connection (TCP and TLS) before giving up (exit 28)
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    pub connect_timeout: Option<Duration>,

    /// Seconds the whole transfer may take before giving up (exit 28)
    #[arg(short = 'm', long, value_name = "SECS", value_parser = seconds)]
    pub max_time: Option<Duration>,

    /// Ask for a compressed body (Accept-Encoding: gzip, deflate) and decode it
    #[arg(long)]
    pub compressed: bool,

    /// Trust the certificate authorities in this PEM file instead of the system's
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,

    /// Do not check the server's certificate (https): the connection is
    /// encrypted, but nothing proves who is at the other end
    #[arg(short = 'k', long)]
    pub insecure: bool,
}

impl CommonArgs {
    /// Whether redirects are followed: `-L`, or `--location-trusted`, which
    /// implies it as in curl.
    pub fn follows_redirects(&self) -> bool {
        self.location || self.location_trusted
    }

    /// What the [`Printer`](crate::printer::Printer) needs to know.
    pub fn print_options(&self) -> PrintOptions {
        PrintOptions {
            include: self.include,
            verbose: self.verbose,
            trace: self.trace,
            fail: self.fail,
            compressed: self.compressed,
        }
    }
}

/// A number of seconds, as curl takes them: `5`, `0.5`.
pub fn seconds(arg: &str) -> Result<Duration, String> {
    match arg.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > 0.0 && secs < 1e9 => {
            Ok(Duration::from_secs_f64(secs))
        }
        _ => Err(format!("{arg:?} is not a positive number of seconds")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_table() {
        assert_eq!(seconds("5"), Ok(Duration::from_secs(5)));
        assert_eq!(seconds("0.25"), Ok(Duration::from_millis(250)));
        for bad in ["0", "-1", "x", "inf", "NaN", ""] {
            assert!(seconds(bad).is_err(), "{bad:?}");
        }
    }
}
