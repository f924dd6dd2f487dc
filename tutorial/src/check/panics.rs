//! A quiet panic hook: `todo!()` in a starter becomes a sentence, not a
//! panic trace.
//!
//! While an exercise is checked, every panic (in the checker's thread or in
//! a server thread your code spawned) is recorded here instead of printed.
//! After the check, a `todo!()` among them means "not written yet", and any
//! other panic is reported with its message and line. Outside a check the
//! previous hook runs as usual, so a failing test still prints its panic.

use std::panic::{self, PanicHookInfo};
use std::sync::{Mutex, Once};

/// One panic seen during a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panic {
    pub message: String,
    /// `file:line` of the panic.
    pub location: String,
    pub file: String,
}

impl Panic {
    /// Was it a `todo!()` (or `unimplemented!()`) left in place?
    pub fn is_todo(&self) -> bool {
        self.message.starts_with("not yet implemented")
            || self.message.starts_with("not implemented")
    }
}

/// `Some` while a check runs: the panics seen so far.
static RECORDED: Mutex<Option<Vec<Panic>>> = Mutex::new(None);
static INSTALL: Once = Once::new();

/// Starts recording panics (installing the hook the first time).
pub fn start_recording() {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let mut recorded = RECORDED.lock().unwrap_or_else(|e| e.into_inner());
            match recorded.as_mut() {
                Some(list) => list.push(describe(info)),
                None => {
                    drop(recorded);
                    previous(info);
                }
            }
        }));
    });
    *RECORDED.lock().unwrap_or_else(|e| e.into_inner()) = Some(Vec::new());
}

/// Stops recording, and returns what was recorded.
pub fn stop_recording() -> Vec<Panic> {
    RECORDED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .unwrap_or_default()
}

fn describe(info: &PanicHookInfo<'_>) -> Panic {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string());
    let (file, location) = match info.location() {
        Some(l) => (l.file().to_string(), format!("{}:{}", l.file(), l.line())),
        None => (String::new(), "an unknown place".to_string()),
    };
    Panic {
        message,
        location,
        file,
    }
}
