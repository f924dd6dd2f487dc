//! What a failed check says: the case, what was sent, what was expected,
//! what came back, and how to see the exchange yourself.

use std::fmt::{self, Debug, Write as _};

/// The first case an exercise failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What the case checks, in a few words: `HEAD /hello answers with no body`.
    pub case: String,
    /// `sent` for a server, `input` for a function.
    pub input_label: &'static str,
    /// The request bytes or the function's arguments, made readable.
    pub input: String,
    pub expected: String,
    pub got: String,
    /// A command that shows this exchange byte by byte, for a server case.
    pub see: Option<String>,
}

impl Failure {
    /// A function's case: its arguments, expected and actual results.
    pub fn function(
        case: impl Into<String>,
        input: String,
        expected: impl Debug,
        got: impl Debug,
    ) -> Failure {
        Failure {
            case: case.into(),
            input_label: "input",
            input,
            expected: format!("{expected:?}"),
            got: format!("{got:?}"),
            see: None,
        }
    }

    /// A server's case: the bytes sent, what was expected, what came back.
    pub fn server(
        case: impl Into<String>,
        sent: &[u8],
        expected: impl Into<String>,
        got: impl Into<String>,
    ) -> Failure {
        Failure {
            case: case.into(),
            input_label: "sent",
            input: bytes(sent),
            expected: expected.into(),
            got: got.into(),
            see: None,
        }
    }

    /// Adds the command that shows the exchange with `--trace`.
    pub fn see(mut self, command: String) -> Failure {
        self.see = Some(command);
        self
    }
}

/// Compares a function's result with the expected one.
pub fn expect_eq<T: PartialEq + Debug>(
    case: &str,
    input: impl FnOnce() -> String,
    expected: T,
    got: T,
) -> Result<(), Failure> {
    if expected == got {
        Ok(())
    } else {
        Err(Failure::function(case, input(), expected, got))
    }
}

/// Bytes made readable (`\r\n` shown), cut short past 1200 bytes.
pub fn bytes(data: &[u8]) -> String {
    const MAX: usize = 1200;
    let mut shown = wire::show::visible(&data[..data.len().min(MAX)]);
    if data.len() > MAX {
        let _ = write!(shown, "… ({} bytes in all)", data.len());
    }
    shown
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  first failing case: {}", self.case)?;
        for (label, text) in [
            (self.input_label, &self.input),
            ("expected", &self.expected),
            ("got", &self.got),
        ] {
            write_block(f, label, text)?;
        }
        if let Some(see) = &self.see {
            writeln!(f, "  see it byte by byte:\n    {see}")?;
        }
        Ok(())
    }
}

/// `label:` and the text, on one line if it fits, else indented below.
fn write_block(f: &mut fmt::Formatter<'_>, label: &str, text: &str) -> fmt::Result {
    let text = text.trim_end_matches('\n');
    if !text.contains('\n') && text.len() < 90 {
        return writeln!(f, "  {:<9} {text}", format!("{label}:"));
    }
    writeln!(f, "  {label}:")?;
    for line in text.lines() {
        writeln!(f, "    {line}")?;
    }
    Ok(())
}
