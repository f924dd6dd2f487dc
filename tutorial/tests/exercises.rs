//! The checker can fail: every reference solution passes, every pristine
//! starter fails with "not written yet", and for each exercise a wrong
//! solution fails on the case that names its mistake.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use exercises::kit;
use tutorial::check::{self, EXERCISES, Exercise, Implementation, Outcome};

const SEED: u64 = 20240601;

fn exercise(name: &str) -> &'static Exercise {
    Exercise::find(name).expect("every exercise is in the catalog")
}

fn solutions() -> Implementation {
    tutorial::implementation!(solutions)
}

#[test]
fn every_solution_passes() {
    // A few seeds, so a solution that passes by luck is caught.
    let mut failed = Vec::new();
    for seed in [SEED, 1, 2] {
        for exercise in &EXERCISES {
            let outcome = check::run::check(exercise, solutions(), seed, None);
            if outcome != Outcome::Passed {
                failed.push(format!("{} with seed {seed}: {outcome:?}", exercise.name));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_pristine_starter_is_not_written_yet() {
    let starters = tutorial::implementation!(exercises);
    for exercise in &EXERCISES {
        match check::run::check(exercise, starters, SEED, None) {
            Outcome::Unfinished { at } => {
                assert!(at.contains(&format!("{}.rs", exercise.name)), "{}: {at}", exercise.name)
            }
            other => panic!("{}: {other:?}", exercise.name),
        }
    }
}
