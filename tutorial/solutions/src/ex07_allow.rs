//! Exercise 7: route, or say 404 or 405 with Allow.

use exercises::Routed;

pub fn route(table: &[(&str, &str)], method: &str, path: &str) -> Routed {
    let on_path = || table.iter().enumerate().filter(|(_, (_, p))| *p == path);
    if let Some((i, _)) = on_path().find(|(_, (m, _))| *m == method) {
        return Routed::Found(i);
    }
    if method == "HEAD" {
        if let Some((i, _)) = on_path().find(|(_, (m, _))| *m == "GET") {
            return Routed::Found(i);
        }
    }
    let mut allow: Vec<&str> = Vec::new();
    for (_, (m, _)) in on_path() {
        for m in [*m].into_iter().chain((*m == "GET").then_some("HEAD")) {
            if !allow.contains(&m) {
                allow.push(m);
            }
        }
    }
    if allow.is_empty() {
        Routed::NotFound
    } else {
        Routed::MethodNotAllowed {
            allow: allow.join(", "),
        }
    }
}
