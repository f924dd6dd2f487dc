//! Checking one exercise: on a thread of its own, within a time limit,
//! with panics recorded, and the result told as an [`Outcome`].

use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Mutex, mpsc};
use std::thread;
use std::time::Duration;

use super::catalog::{Exercise, Level};
use super::panics::{self, Panic};
use super::random::Rng;
use super::{Context, Failure, Implementation};

/// How long one exercise's check may take. Checks bound every wait
/// themselves; this catches an endless loop in a function.
const LIMIT: Duration = Duration::from_secs(20);
/// With `--addr`, ex14 waits up to 15 s for a `408`.
const LIMIT_ADDR: Duration = Duration::from_secs(40);

/// One check at a time: panics are recorded process-wide, and tests run
/// in parallel.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// What checking an exercise found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// A case failed; `panic` is a panic of your code seen meanwhile (a
    /// server thread that panicked shows up as a closed connection).
    Failed {
        failure: Failure,
        panic: Option<Panic>,
    },
    /// A `todo!()` was reached: the exercise is not written yet.
    Unfinished {
        at: String,
    },
    /// Your code panicked, and the check could not go on.
    Panicked {
        panic: Panic,
    },
    /// The check did not finish within its limit.
    TimedOut {
        after: Duration,
    },
    /// This exercise cannot be checked this way (ex16 with `--addr`).
    Skipped {
        why: &'static str,
    },
}

impl Outcome {
    pub fn passed(&self) -> bool {
        matches!(self, Outcome::Passed)
    }
}

/// Checks `exercise` of `implementation` with inputs from `seed`, against
/// the server at `addr` if given.
pub fn check(
    exercise: &'static Exercise,
    implementation: Implementation,
    seed: u64,
    addr: Option<SocketAddr>,
) -> Outcome {
    if addr.is_some() {
        match exercise.level {
            Level::Function => {
                return Outcome::Skipped {
                    why: "a function: checked without --addr",
                };
            }
            Level::ServerInProcess => {
                return Outcome::Skipped {
                    why: "the checker must stop the server itself: checked without --addr",
                };
            }
            Level::Server => {}
        }
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    panics::start_recording();
    let (tx, rx) = mpsc::channel();
    // Each exercise gets its own stream of inputs from the seed, so checking
    // one exercise alone gives the same inputs as checking all of them.
    let seed_here = seed
        ^ exercise
            .name
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let spawned = thread::Builder::new()
        .name(format!("check {}", exercise.name))
        .spawn(move || {
            let mut context = Context {
                implementation,
                rng: Rng::new(seed_here),
                addr,
            };
            let result = catch_unwind(AssertUnwindSafe(|| (exercise.check)(&mut context)));
            let _ = tx.send(result.map_err(|_| ()));
        });
    if spawned.is_err() {
        panics::stop_recording();
        return Outcome::TimedOut {
            after: Duration::ZERO,
        };
    }
    let limit = if addr.is_some() { LIMIT_ADDR } else { LIMIT };
    let result = rx.recv_timeout(limit);
    let seen = panics::stop_recording();
    // Yours, not the checker's: the first panic outside tutorial/src/check.
    let theirs = seen
        .iter()
        .find(|p| !p.file.contains("src/check/"))
        .cloned();
    if let Some(todo) = seen.iter().find(|p| p.is_todo()) {
        return Outcome::Unfinished {
            at: todo.location.clone(),
        };
    }
    match result {
        Ok(Ok(Ok(()))) => Outcome::Passed,
        Ok(Ok(Err(failure))) => Outcome::Failed {
            failure,
            panic: theirs,
        },
        Ok(Err(())) => match theirs.or_else(|| seen.first().cloned()) {
            Some(panic) => Outcome::Panicked { panic },
            None => Outcome::Panicked {
                panic: Panic {
                    message: "a panic".into(),
                    location: "an unknown place".into(),
                    file: String::new(),
                },
            },
        },
        Err(_) => Outcome::TimedOut { after: limit },
    }
}
