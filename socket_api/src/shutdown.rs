//! Shutdown, passed in as an argument rather than kept in a global.
//!
//! Whoever starts the server keeps a clone of the [`Shutdown`] and calls
//! [`Shutdown::trigger`]: `main` does it from the Ctrl-C/SIGTERM handler, a
//! test does it when it is done. The server registers what it must do at
//! that moment (wake its accept loop, close idle connections) with
//! [`Shutdown::on_trigger`]. This is mini-redis's `run(listener, shutdown)`
//! without async.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

type Callback = Box<dyn Fn() + Send + Sync>;

/// A cloneable "please stop" signal.
#[derive(Clone, Default)]
pub struct Shutdown {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    triggered: AtomicBool,
    callbacks: Mutex<Vec<Callback>>,
}

impl Shutdown {
    pub fn new() -> Shutdown {
        Shutdown::default()
    }

    // ANCHOR: trigger
    /// Asks the server to stop: no new connections, requests in flight finish.
    /// Calling it again does nothing.
    pub fn trigger(&self) {
        if self.inner.triggered.swap(true, Ordering::SeqCst) {
            return;
        }
        // A panic elsewhere while holding the lock must not stop a shutdown.
        let callbacks = self
            .inner
            .callbacks
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for callback in callbacks.iter() {
            callback();
        }
    }
    // ANCHOR_END: trigger

    pub fn is_triggered(&self) -> bool {
        self.inner.triggered.load(Ordering::SeqCst)
    }

    /// Runs `callback` when the shutdown is triggered (at once if it already was).
    pub fn on_trigger(&self, callback: impl Fn() + Send + Sync + 'static) {
        let mut callbacks = self
            .inner
            .callbacks
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if self.is_triggered() {
            drop(callbacks);
            callback();
        } else {
            callbacks.push(Box::new(callback));
        }
    }
}

impl fmt::Debug for Shutdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shutdown")
            .field("triggered", &self.is_triggered())
            .finish()
    }
}
