//! # The checker: `cargo run -p tutorial -- check [EXERCISE]`
//!
//! Grades the exercises in `tutorial/exercises/` (or a server running
//! anywhere, with `--addr`) and prints a progress view, ✔ or ✘ per
//! exercise, then the first failing case: what was sent, what was
//! expected, what came back, and how to see that exchange byte by byte.
//!
//! Checks are written so that printing fixed bytes cannot pass them:
//! inputs are random from a seed (`--seed N` repeats a run), bodies are
//! dribbled a byte at a time, requests are pipelined, header names come in
//! mixed case.
//!
//! | module | what it holds |
//! |--------|---------------|
//! | [`cli`] | the command line |
//! | [`implementation`] | [`Implementation`]: the functions graded, from any crate |
//! | [`catalog`] | the exercises, in the book's order |
//! | [`run`](mod@run) | one check on its own thread, with a time limit, panics recorded |
//! | [`panics`] | the quiet panic hook: `todo!()` becomes "not written yet" |
//! | [`failure`] | the first failing case, and how it is shown |
//! | [`random`] | seeded random inputs |
//! | [`exchange`] | the checker's side of a connection, every wait bounded |
//! | [`server`] | the server under test: yours, started here, or one at `--addr` |
//! | [`serve`](mod@serve) | `--serve`: run your server to try it by hand |
//! | [`checks`] | one file per exercise: its cases |

// A failure is built once per run, at most: its size is of no concern.
#![allow(clippy::result_large_err)]

pub mod catalog;
pub mod checks;
pub mod cli;
pub mod exchange;
pub mod failure;
pub mod implementation;
pub mod panics;
pub mod random;
pub mod run;
pub mod serve;
pub mod server;

use std::io::{self, Write};
use std::net::SocketAddr;
use std::process::ExitCode;

pub use catalog::{EXERCISES, Exercise, Level};
pub use cli::CheckArgs;
pub use failure::Failure;
pub use implementation::{Implementation, ServeFn};
pub use run::Outcome;

use random::Rng;

/// What a check gets: the functions to grade, its random inputs, and the
/// server to grade if one runs elsewhere.
#[derive(Debug)]
pub struct Context {
    pub implementation: Implementation,
    pub rng: Rng,
    pub addr: Option<SocketAddr>,
}

/// `check`'s entry point: grades the `exercises` crate. Exit status 0 only
/// when everything checked passed.
pub fn main(args: &CheckArgs) -> ExitCode {
    let implementation = crate::implementation!(exercises);
    let mut stdout = io::stdout().lock();
    let result = match &args.serve {
        Some(addr) => serve::run(
            args.exercise.as_deref().unwrap_or_default(),
            addr,
            implementation,
        ),
        None => run(args, implementation, &mut stdout),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("check: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Checks the exercises `args` names, printing the report to `out`.
/// `Ok(true)` when every exercise checked passed.
pub fn run(
    args: &CheckArgs,
    implementation: Implementation,
    out: &mut dyn Write,
) -> Result<bool, String> {
    let chosen: Vec<&'static Exercise> = match &args.exercise {
        Some(name) => vec![Exercise::find(name).ok_or_else(|| {
            format!("no exercise called {name}: they are ex01_head_end to ex25_readiness (`check` lists them)")
        })?],
        None => EXERCISES.iter().collect(),
    };
    let addr = args.addr.as_deref().map(cli::resolve).transpose()?;
    let seed = args.seed.unwrap_or_else(Rng::fresh_seed);
    report(&chosen, implementation, seed, addr, args.hint, out).map_err(|e| e.to_string())
}

fn report(
    chosen: &[&'static Exercise],
    implementation: Implementation,
    seed: u64,
    addr: Option<SocketAddr>,
    hint: bool,
    out: &mut dyn Write,
) -> io::Result<bool> {
    match addr {
        Some(addr) => writeln!(
            out,
            "Checking the server at {addr} (seed {seed}; --seed {seed} repeats these inputs)\n"
        )?,
        None => writeln!(
            out,
            "Checking tutorial/{} (seed {seed}; --seed {seed} repeats these inputs)\n",
            implementation.crate_name
        )?,
    }
    let mut first_bad: Option<(&Exercise, Outcome)> = None;
    let (mut passed, mut checked) = (0, 0);
    for &exercise in chosen {
        let outcome = run::check(exercise, implementation, seed, addr);
        let (mark, note) = match &outcome {
            Outcome::Passed => ("✔", String::new()),
            Outcome::Skipped { why } => ("-", format!("  (skipped: {why})")),
            Outcome::Unfinished { .. } => ("✘", "  (not written yet)".into()),
            Outcome::TimedOut { .. } => ("✘", "  (did not finish in time)".into()),
            Outcome::Failed { .. } | Outcome::Panicked { .. } => ("✘", String::new()),
        };
        writeln!(
            out,
            "  {mark} {:<20} ch. {:<2}  {}{note}",
            exercise.name, exercise.chapter, exercise.title
        )?;
        out.flush()?;
        if !matches!(outcome, Outcome::Skipped { .. }) {
            checked += 1;
        }
        if outcome.passed() {
            passed += 1;
        } else if first_bad.is_none() && !matches!(outcome, Outcome::Skipped { .. }) {
            first_bad = Some((exercise, outcome));
        }
    }
    writeln!(out)?;
    if let Some((exercise, outcome)) = &first_bad {
        explain(exercise, outcome, implementation, addr, out)?;
        writeln!(out)?;
    }
    if checked == 0 {
        // `check --addr HOST:PORT ex01` grades nothing: say so, and do not
        // let a grading script take it for a pass.
        let servers: Vec<&str> = EXERCISES
            .iter()
            .filter(|e| e.level == Level::Server)
            .map(|e| e.name)
            .collect();
        writeln!(
            out,
            "Nothing was checked: with --addr only these are graded: {}.",
            servers.join(", ")
        )?;
        return Ok(false);
    }
    writeln!(out, "Passed: {passed} of {checked} checked.")?;
    if hint {
        let exercise = first_bad
            .map(|(e, _)| e)
            .or_else(|| chosen.first().copied());
        if let Some(exercise) = exercise {
            writeln!(
                out,
                "\nHint for {}:\n\n{}",
                exercise.name,
                exercise.hint.trim_end()
            )?;
        }
    } else if let Some((exercise, _)) = first_bad {
        writeln!(
            out,
            "Stuck? cargo run -p tutorial -- check {} --hint",
            exercise.name
        )?;
    }
    Ok(passed == checked)
}

/// The first exercise not passing, told in full.
fn explain(
    exercise: &Exercise,
    outcome: &Outcome,
    implementation: Implementation,
    addr: Option<SocketAddr>,
    out: &mut dyn Write,
) -> io::Result<()> {
    // With --addr the code graded is the server running there, not a file here.
    let file = match addr {
        Some(addr) => format!("the server at {addr}"),
        None => format!(
            "tutorial/{}/src/{}.rs",
            implementation.crate_name, exercise.name
        ),
    };
    match outcome {
        Outcome::Passed | Outcome::Skipped { .. } => Ok(()),
        Outcome::Unfinished { at } => writeln!(
            out,
            "{} is not written yet: replace the todo!() at {at} with your code.\n\
             The comment above it says what to write; then run this check again.",
            exercise.name
        ),
        Outcome::Failed { failure, panic } => {
            writeln!(out, "✘ {} ({file})", exercise.name)?;
            write!(out, "{failure}")?;
            if let Some(panic) = panic {
                writeln!(
                    out,
                    "  meanwhile your code panicked at {}: {}",
                    panic.location, panic.message
                )?;
            }
            Ok(())
        }
        Outcome::Panicked { panic } => writeln!(
            out,
            "✘ {} ({file})\n  your code panicked at {}: {}",
            exercise.name, panic.location, panic.message
        ),
        Outcome::TimedOut { after } => writeln!(
            out,
            "✘ {} ({file})\n  the check did not finish within {} s: is there an endless loop, \
             or a read that waits for bytes that never come?",
            exercise.name,
            after.as_secs()
        ),
    }
}
