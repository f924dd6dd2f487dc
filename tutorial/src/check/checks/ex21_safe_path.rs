//! ex21_safe_path: every traversal trick by name, then random paths built
//! from good and bad segments; each graded against `wire::path`.

use exercises::SafePath;

use crate::check::failure::expect_eq;
use crate::check::{Context, Failure};

/// What `wire::path` says of `path`, in the exercise's terms.
fn expected(path: &str) -> Option<SafePath> {
    wire::path::relative_path(path, "/static/")
        .ok()
        .map(|p| SafePath {
            segments: p.segments,
            trailing_slash: p.trailing_slash,
        })
}

/// Segments a path may be made of: names, and the tricks.
const GOOD: &[&str] = &[
    "index.html",
    "css",
    "site%20v2.css",
    "Z%C3%BCrich.txt",
    "Zürich",
    ".well-known",
    "...",
    "..a",
    "a..",
    "%252e%252e",
    "%41%42c",
    "image.svg",
    "a+b",
];
const BAD: &[&str] = &[
    "..",
    ".",
    "%2e%2e",
    "%2E%2e",
    ".%2e",
    "%2e",
    "..%2f",
    "a%2fb",
    "%2F",
    "..\\etc",
    "a%5cb",
    "",
    "%00",
    "a.txt%00.png",
    "a%0d%0aX",
    "a\tb",
    "C:",
    "c%3a",
    "%c0%ae%c0%ae",
    "%ff",
    "%",
    "%2",
    "%zz",
];

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let safe_path = context.implementation.ex21_safe_path;
    let named: &[(&str, &str)] = &[
        ("a plain file", "/static/index.html"),
        ("a file in a folder", "/static/css/site.css"),
        ("the mount point itself", "/static/"),
        ("a folder, with its trailing slash", "/static/docs/"),
        ("%20 decoded in a name", "/static/site%20v2.css"),
        (
            "UTF-8 percent-encoded, Z%C3%BCrich.txt",
            "/static/Z%C3%BCrich.txt",
        ),
        ("dots inside a name are a name", "/static/.well-known/x"),
        ("three dots are a name", "/static/..."),
        (
            "decoded once: %252e%252e is a file called %2e%2e",
            "/static/%252e%252e/x",
        ),
        ("..: the classic traversal", "/static/../etc/passwd"),
        ("a . segment", "/static/./a"),
        ("a .. deeper down", "/static/a/../../etc/passwd"),
        (
            "the dots percent-encoded: %2e%2e",
            "/static/%2e%2e/etc/passwd",
        ),
        ("one dot encoded: .%2e", "/static/.%2e/etc/passwd"),
        ("an encoded slash inside a name: a%2fb", "/static/a%2fb"),
        (
            "..%2f: dots and an encoded slash",
            "/static/..%2fetc%2fpasswd",
        ),
        ("a backslash: ..\\etc", "/static/..\\etc\\passwd"),
        ("an encoded backslash: %5c", "/static/..%5cetc"),
        ("a doubled slash: //etc", "/static//etc/passwd"),
        ("a NUL: %00", "/static/%00"),
        ("a NUL inside a name: a.txt%00.png", "/static/a.txt%00.png"),
        ("CR LF inside a name", "/static/a%0d%0aSet-Cookie:x"),
        ("a drive: C:", "/static/C:"),
        ("an encoded colon: c%3a", "/static/c%3a/windows"),
        (
            "the overlong UTF-8 dot: %c0%ae%c0%ae",
            "/static/%c0%ae%c0%ae/etc",
        ),
        ("a byte that is not UTF-8: %ff", "/static/%ff"),
        ("a lone %", "/static/%"),
        ("% and one digit", "/static/%2"),
        ("% and no hex: %zz", "/static/%zz"),
        ("/static without its slash", "/static"),
        ("not under /static/: /staticx/a", "/staticx/a"),
        ("the mount percent-encoded: /%73tatic/a", "/%73tatic/a"),
    ];
    for (case, path) in named {
        expect_eq(
            case,
            || format!("{path:?}"),
            expected(path),
            safe_path(path),
        )?;
    }
    let rng = &mut context.rng;
    for n in 1..=300 {
        let count = rng.between(1, 4);
        // Most paths are good, so that a refusal of everything fails.
        let bad_one = if rng.one_in(2) {
            Some(rng.below(count))
        } else {
            None
        };
        let segments: Vec<&str> = (0..count)
            .map(|i| {
                if Some(i) == bad_one {
                    *rng.pick(BAD)
                } else {
                    *rng.pick(GOOD)
                }
            })
            .collect();
        let mut path = format!("/static/{}", segments.join("/"));
        if rng.one_in(4) {
            path.push('/');
        }
        let case = format!("random path #{n}");
        expect_eq(
            &case,
            || format!("{path:?}"),
            expected(&path),
            safe_path(&path),
        )?;
    }
    Ok(())
}
