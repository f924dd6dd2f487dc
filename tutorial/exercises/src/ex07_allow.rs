//! Exercise 7 (chapter 4, routing): `404`, and `405` with `Allow`.

use crate::Routed;

// ANCHOR: task
/// Routes a request through `table`, a list of `(method, path)` rows:
///
/// - the first row whose method and path match exactly: `Found(index)`;
/// - `HEAD` with no `HEAD` row for the path is answered by its `GET` row;
/// - no row has the path: `NotFound`;
/// - the path exists, but not with this method: `MethodNotAllowed`, with
///   `allow` listing the path's methods in table order, `HEAD` right after
///   `GET` (a path with `GET` accepts `HEAD` too), each once, joined by
///   `", "`: `"GET, HEAD, POST"` (RFC 9110 §10.2.1).
///
/// Methods are case-sensitive: `get` is not `GET`.
pub fn route(table: &[(&str, &str)], method: &str, path: &str) -> Routed {
    todo!("find the row, or say why not")
}
// ANCHOR_END: task
