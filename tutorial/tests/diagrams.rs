//! The committed SVG files are exactly what `cargo run -p tutorial --
//! diagrams` writes now: change the code or the servers, and this fails
//! until the pictures are written again.

#![allow(clippy::unwrap_used)]

#[test]
fn committed_diagrams_match_the_code() {
    let dir = tutorial::diagrams::img_dir();
    let rendered = tutorial::diagrams::render_all().unwrap();
    let names: Vec<&str> = rendered.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "keep-alive.svg",
            "pipelining.svg",
            "continue.svg",
            "chunked.svg",
            "redirect.svg",
            "tls.svg",
            "server-states.svg",
            "request-bytes.svg"
        ]
    );
    for (name, svg) in rendered {
        let committed = std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}; run `cargo run -p tutorial -- diagrams`"));
        assert!(
            committed == svg,
            "{name} differs from what the code draws; run `cargo run -p tutorial -- diagrams` and commit"
        );
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{name}"
        );
        assert!(
            !svg.contains("127.0.0.1"),
            "{name} must not show a random port"
        );
    }
}
