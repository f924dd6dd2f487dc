//! `check EXERCISE --serve HOST:PORT`: run your server for an exercise
//! until Ctrl-C, so you can try it with curl or watch it with
//! `cargo run -p get_client -- --trace URL`.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::catalog::{Exercise, Level};
use super::{Implementation, ServeFn, cli};

/// Serves `name`'s server on `addr` until the process is stopped.
pub fn run(name: &str, addr: &str, implementation: Implementation) -> Result<bool, String> {
    let exercise = Exercise::find(name).ok_or_else(|| format!("no exercise called {name}"))?;
    let addr = cli::resolve(addr)?;
    let at = |what: &str| {
        println!(
            "{what} for {} on http://{addr} (Ctrl-C stops it)",
            exercise.name
        )
    };
    let serve: ServeFn = match exercise.name {
        "ex05_head_method" => implementation.ex05_head_method,
        "ex11_body_in_pieces" => implementation.ex11_body_in_pieces,
        "ex13_keep_alive" => implementation.ex13_keep_alive,
        "ex14_timeout" => implementation.ex14_timeout,
        "ex16_shutdown" => implementation.ex16_shutdown,
        "ex06_route" => {
            let listener =
                TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
            at("socket_api with your route table");
            let router = (implementation.ex06_socket_router)();
            let shutdown = socket_api::Shutdown::new();
            socket_api::run_router(listener, router, socket_api::Config::default(), shutdown)
                .map_err(|e| e.to_string())?;
            return Ok(true);
        }
        "ex20_body_limit" => {
            at("your axum app, with a limit of 1024 bytes,");
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let listener = tokio::net::TcpListener::bind(addr)
                    .await
                    .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
                framework_api::serve_app(
                    listener,
                    (implementation.ex20_body_limit)(1024),
                    std::future::pending(),
                )
                .await
                .map_err(|e| e.to_string())
            })?;
            return Ok(true);
        }
        _ => {
            debug_assert_eq!(exercise.level, Level::Function);
            return Err(format!(
                "{} is a function, not a server: there is nothing to serve",
                exercise.name
            ));
        }
    };
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    at("your server");
    serve(listener, Arc::new(AtomicBool::new(false))).map_err(|e| e.to_string())?;
    Ok(true)
}
