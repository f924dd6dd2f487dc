//! No code: this crate only pins the features of shared dependencies.
//!
//! Cargo turns on a dependency's features according to the packages being
//! built together. `cargo test --workspace` builds every crate (reqwest's
//! hyper client, axum's multipart, tokio's `sync`...), while
//! `cargo run -p socket_api` builds one, so without this crate the same
//! dependencies would be compiled a second time with fewer features: about
//! 2.5 minutes on 2 cores before the first `cargo run` of each program.
//! Every program depends on this crate, which asks for the union of those
//! features, so one build serves all (the "workspace-hack" pattern; cargo's
//! own answer, `resolver.feature-unification`, is still unstable).
//!
//! `wire` alone does not depend on it: its only dependencies are `httparse`
//! and `form_urlencoded`, and each program that uses it brings the hack.
//!
//! The list is generated: after changing a dependency, run
//! `cargo install cargo-hakari --locked` once, then `cargo hakari generate`.
