//! stub

use std::io::Write;

use super::DemoResult;

pub const ABOUT: &str = "todo";

pub fn run(out: &mut dyn Write) -> DemoResult {
    writeln!(out, "todo")?;
    Ok(())
}
