//! The book cannot drift from the code: every `{{#include}}` in a chapter
//! names a file that exists and, when it names an anchor, a file that has
//! `ANCHOR: name` and `ANCHOR_END: name` in that order, and names no line
//! range (`file:3:10`), which would show other lines as soon as the file
//! changes above them. SUMMARY.md names only chapters that exist, every
//! chapter is in it, and every relative link or image in a chapter points
//! at something.
//!
//! mdBook itself only logs a missing include file, and says nothing at all
//! about a missing anchor (the excerpt is silently empty), so this test is
//! what fails CI. Run it with `cargo test -p tutorial --test book`.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// `tutorial/book/src`.
fn book_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("book")
        .join("src")
}

/// One `{{#include path}}` or `{{#include path:anchor}}` (also
/// `rustdoc_include`), as written in a chapter.
#[derive(Debug, PartialEq, Eq)]
struct Include {
    path: String,
    anchor: Option<String>,
    /// The line range it names instead of an anchor (`3:10`, `10`, `:10`),
    /// which the book forbids.
    lines: Option<String>,
}

/// Every include in `text`. Line ranges (`file:3:10`) name no anchor; an
/// include escaped as `\{{#include ...}}` is not one.
fn includes(text: &str) -> Vec<Include> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{#") {
        let escaped = rest[..start].ends_with('\\');
        let after = &rest[start + 3..];
        let Some(end) = after.find("}}") else { break };
        let inner = after[..end].trim();
        rest = &after[end + 2..];
        let Some(spec) = inner
            .strip_prefix("include")
            .or_else(|| inner.strip_prefix("rustdoc_include"))
        else {
            continue;
        };
        if escaped || !spec.starts_with(char::is_whitespace) {
            continue;
        }
        let spec = spec.trim();
        let (path, selector) = match spec.split_once(':') {
            Some((path, selector)) => (path, Some(selector)),
            None => (spec, None),
        };
        // `file:10`, `file:3:10`, `file:3:` and `file::10` are line ranges,
        // not anchors.
        let selector = selector.filter(|s| !s.is_empty());
        let is_range = |s: &&str| s.starts_with(|c: char| c.is_ascii_digit() || c == ':');
        let anchor = selector.filter(|s| !is_range(s)).map(str::to_string);
        let lines = selector.filter(is_range).map(str::to_string);
        found.push(Include {
            path: path.to_string(),
            anchor,
            lines,
        });
    }
    found
}

/// The names after `marker` (`ANCHOR:` or `ANCHOR_END:`) on each line, as
/// mdBook reads them (`[\w_-]+` after optional whitespace), with their line.
fn markers<'a>(text: &'a str, marker: &str) -> Vec<(usize, &'a str)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let Some(at) = line.find(marker) else {
            continue;
        };
        let name = line[at + marker.len()..].trim_start();
        let len = name
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(name.len());
        if len > 0 {
            found.push((n, &name[..len]));
        }
    }
    found
}

/// What is wrong with `anchor` in `source`, if anything.
fn anchor_problem(source: &str, anchor: &str) -> Option<String> {
    // `ANCHOR_END:` contains no `ANCHOR:`, so the two lists are apart.
    let start = markers(source, "ANCHOR:")
        .into_iter()
        .find(|(_, name)| *name == anchor);
    let end = markers(source, "ANCHOR_END:")
        .into_iter()
        .find(|(_, name)| *name == anchor);
    match (start, end) {
        (None, _) => Some(format!("no `ANCHOR: {anchor}` line")),
        (Some(_), None) => Some(format!("no `ANCHOR_END: {anchor}` line")),
        (Some((s, _)), Some((e, _))) if e <= s => Some(format!(
            "`ANCHOR_END: {anchor}` comes before `ANCHOR: {anchor}`"
        )),
        (Some((s, _)), Some((e, _))) if e == s + 1 => Some(format!("anchor {anchor} is empty")),
        _ => None,
    }
}

/// The text of `markdown` outside fenced code blocks, with inline code
/// spans blanked out: where links and images can be.
fn prose(markdown: &str) -> String {
    let mut out = String::new();
    let mut fence: Option<&str> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        match fence {
            Some(f) if trimmed.starts_with(f) => fence = None,
            Some(_) => {}
            None if trimmed.starts_with("```") => fence = Some("```"),
            None if trimmed.starts_with("~~~") => fence = Some("~~~"),
            None => {
                // Blank out `code spans`, whatever their content.
                let mut in_code = false;
                for c in line.chars() {
                    if c == '`' {
                        in_code = !in_code;
                    }
                    out.push(if in_code || c == '`' { ' ' } else { c });
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Every link and image target in `markdown` (`[text](target)`,
/// `![alt](target)`, `<img src="target">`, `<a href="target">`), outside code.
fn link_targets(markdown: &str) -> Vec<String> {
    let text = prose(markdown);
    let mut targets = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let end = after.find(')').unwrap_or(after.len());
        // A title may follow the target: [a](b.md "title").
        let target = after[..end].split_whitespace().next().unwrap_or("");
        targets.push(target.trim_matches(['<', '>']).to_string());
        rest = &after[end..];
    }
    for attr in ["src=\"", "href=\""] {
        let mut rest = text.as_str();
        while let Some(at) = rest.find(attr) {
            let after = &rest[at + attr.len()..];
            let end = after.find('"').unwrap_or(after.len());
            targets.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    targets
}

/// Is `target` a link to another site, or to a place on this page?
fn is_external(target: &str) -> bool {
    target.is_empty()
        || target.starts_with('#')
        || target.contains("://")
        || target.starts_with("mailto:")
}

/// `dir/target` with `.` and `..` taken out, without touching the disk.
fn resolve(dir: &Path, target: &str) -> PathBuf {
    let mut path = PathBuf::new();
    for part in dir.join(target).components() {
        match part {
            Component::ParentDir => {
                path.pop();
            }
            Component::CurDir => {}
            other => path.push(other),
        }
    }
    path
}

/// Every problem with the chapter at `path` (its text is `text`).
fn chapter_problems(path: &Path, text: &str) -> Vec<String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.display();
    let mut problems = Vec::new();
    for include in includes(text) {
        let file = resolve(dir, &include.path);
        let Ok(source) = fs::read_to_string(&file) else {
            problems.push(format!(
                "{name}: {{{{#include {}}}}} names {}, which does not exist",
                include.path,
                file.display()
            ));
            continue;
        };
        if let Some(lines) = &include.lines {
            problems.push(format!(
                "{name}: include {}:{lines} names a line range: mark the lines with \
                 `// ANCHOR: name` and `// ANCHOR_END: name` and include {}:name",
                include.path, include.path
            ));
        }
        if let Some(anchor) = &include.anchor {
            if let Some(why) = anchor_problem(&source, anchor) {
                problems.push(format!("{name}: include {}:{anchor}: {why}", include.path));
            }
        }
    }
    for target in link_targets(text) {
        if is_external(&target) {
            continue;
        }
        let file_part = target.split('#').next().unwrap_or("");
        let mut file = resolve(dir, file_part);
        // A link to `x.html` is a link to the chapter `x.md`.
        if file.extension().is_some_and(|e| e == "html") {
            file.set_extension("md");
        }
        if !file.exists() {
            problems.push(format!("{name}: link to {target}, which points to nothing"));
        }
    }
    problems
}

/// The chapters SUMMARY.md names, relative to `src`.
fn summary_chapters(summary: &str) -> Vec<String> {
    link_targets(summary)
        .into_iter()
        .filter(|t| !is_external(t))
        .collect()
}

/// Every problem in the book whose sources are in `src`.
fn book_problems(src: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let summary_path = src.join("SUMMARY.md");
    let summary = match fs::read_to_string(&summary_path) {
        Ok(text) => text,
        Err(e) => return vec![format!("{}: {e}", summary_path.display())],
    };
    let named = summary_chapters(&summary);
    for chapter in &named {
        if !src.join(chapter).is_file() {
            problems.push(format!("SUMMARY.md names {chapter}, which does not exist"));
        }
    }
    let mut chapters: Vec<PathBuf> = fs::read_dir(src)
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    chapters.retain(|p| p.extension().is_some_and(|e| e == "md"));
    chapters.sort();
    for path in chapters {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if file_name == "SUMMARY.md" {
            continue; // checked above
        }
        if !named.contains(&file_name) {
            problems.push(format!(
                "{file_name} is not in SUMMARY.md, so no reader finds it"
            ));
        }
        match fs::read_to_string(&path) {
            Ok(text) => problems.extend(chapter_problems(&path, &text)),
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    problems
}

#[test]
fn every_include_anchor_chapter_and_link_exists() {
    let problems = book_problems(&book_src());
    assert!(
        problems.is_empty(),
        "the book has {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Each lesson (`NN-name.md`) has included code, a demo and its exercises.
#[test]
fn every_lesson_has_code_a_demo_and_exercises() {
    let src = book_src();
    let mut lessons: Vec<PathBuf> = fs::read_dir(&src)
        .expect("tutorial/book/src exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.len() > 3
                    && n.as_bytes()[..2].iter().all(u8::is_ascii_digit)
                    && n.ends_with(".md")
            })
        })
        .collect();
    lessons.sort();
    assert!(lessons.len() >= 14, "only {} lessons", lessons.len());
    for path in lessons {
        let text = fs::read_to_string(&path).expect("a lesson is readable");
        let name = path.display();
        assert!(
            !includes(&text).is_empty(),
            "{name}: no code included from the source"
        );
        let demo = text
            .lines()
            .any(|l| l.starts_with("cargo run -p tutorial -- ") && !l.contains("-- check"));
        assert!(demo, "{name}: no `cargo run -p tutorial -- <demo>` line");
        assert!(
            text.contains("cargo run -p tutorial -- check ex"),
            "{name}: no exercise to check"
        );
        assert!(text.contains("--hint"), "{name}: no --hint line");
    }
}

// The checks above must be able to fail: a made-up book with one of each
// mistake.

#[test]
fn includes_are_read_as_mdbook_reads_them() {
    let text = "```rust\n{{#include ../a.rs:serve}}\n{{#include b.rs}}\n{{#rustdoc_include c.rs:3:9}}\n\\{{#include d.rs}}\n{{#title x}}\n```";
    assert_eq!(
        includes(text),
        vec![
            Include {
                path: "../a.rs".into(),
                anchor: Some("serve".into()),
                lines: None,
            },
            Include {
                path: "b.rs".into(),
                anchor: None,
                lines: None,
            },
            Include {
                path: "c.rs".into(),
                anchor: None,
                lines: Some("3:9".into()),
            },
        ]
    );
}

#[test]
fn anchors_must_open_close_and_hold_something() {
    let source = "// ANCHOR: a\nfn a() {}\n// ANCHOR_END: a\n// ANCHOR_END: b\n// ANCHOR: b\n// ANCHOR: c\n// ANCHOR: empty\n// ANCHOR_END: empty\n";
    assert_eq!(anchor_problem(source, "a"), None);
    assert!(anchor_problem(source, "b").is_some_and(|w| w.contains("before")));
    assert!(anchor_problem(source, "c").is_some_and(|w| w.contains("ANCHOR_END")));
    assert!(anchor_problem(source, "empty").is_some_and(|w| w.contains("empty")));
    assert!(anchor_problem(source, "missing").is_some_and(|w| w.contains("no `ANCHOR:")));
    // `ab` is not `a`: a name is matched whole.
    assert!(anchor_problem("// ANCHOR: ab\nx\n// ANCHOR_END: ab\n", "a").is_some());
}

#[test]
fn links_in_code_are_not_links() {
    let text = "See [one](one.md#part) and ![pic](img/x.svg \"t\").\n`[not](a.md)`\n```\n[no](b.md)\n```\n<img src=\"img/y.svg\">\n[web](https://example.com)";
    assert_eq!(
        link_targets(text),
        vec![
            "one.md#part",
            "img/x.svg",
            "https://example.com",
            "img/y.svg"
        ]
    );
}

#[test]
fn a_broken_book_is_reported() {
    let root = std::env::temp_dir().join(format!("book-test-{}", std::process::id()));
    let src = root.join("book").join("src");
    fs::create_dir_all(&src).expect("temp dir");
    fs::write(
        root.join("code.rs"),
        "// ANCHOR: here\nfn f() {}\n// ANCHOR_END: here\n",
    )
    .expect("write code.rs");
    fs::write(
        src.join("SUMMARY.md"),
        "# Summary\n\n- [One](one.md)\n- [Gone](gone.md)\n",
    )
    .expect("write SUMMARY.md");
    fs::write(
        src.join("one.md"),
        "```rust\n{{#include ../../code.rs:here}}\n{{#include ../../code.rs:there}}\n{{#include ../../nope.rs}}\n{{#include ../../code.rs:2:3}}\n{{#include ../../code.rs:2}}\n```\n[fine](one.md) [broken](two.md) ![missing](img/none.svg)\n",
    )
    .expect("write one.md");
    fs::write(src.join("orphan.md"), "# Not in the summary\n").expect("write orphan.md");
    let problems = book_problems(&src);
    let _ = fs::remove_dir_all(&root);
    let has = |what: &str| problems.iter().any(|p| p.contains(what));
    assert!(has("gone.md, which does not exist"), "{problems:#?}");
    assert!(has("orphan.md is not in SUMMARY.md"), "{problems:#?}");
    assert!(has("code.rs:there: no `ANCHOR: there`"), "{problems:#?}");
    assert!(has("nope.rs, which does not exist"), "{problems:#?}");
    assert!(has("link to two.md"), "{problems:#?}");
    assert!(has("link to img/none.svg"), "{problems:#?}");
    assert!(has("code.rs:2:3 names a line range"), "{problems:#?}");
    assert!(has("code.rs:2 names a line range"), "{problems:#?}");
    assert_eq!(problems.len(), 8, "{problems:#?}");
}
