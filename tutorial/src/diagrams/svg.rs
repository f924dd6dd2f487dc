//! A few lines of SVG by hand: text, boxes, arrows. No library: an SVG
//! file is XML text a browser draws, and these diagrams need little of it.

use std::fmt::Write;

/// Monospace text, for bytes; its width per character, for layout.
pub const MONO: &str = "'DejaVu Sans Mono', Menlo, Consolas, monospace";
pub const MONO_WIDTH: f64 = 7.8;
pub const SANS: &str = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

pub const REQUEST: &str = "#1d4ed8";
pub const RESPONSE: &str = "#15803d";
pub const GREY: &str = "#6b7280";

/// An SVG document being drawn.
#[derive(Debug, Default)]
pub struct Svg {
    body: String,
}

/// `&`, `<`, `>` and `"` as XML needs them.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Svg {
    pub fn new() -> Svg {
        Svg::default()
    }

    /// Text at `(x, y)` (its baseline). `style` is extra SVG attributes.
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: &str) {
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.0}" y="{y:.0}" {style}>{}</text>"#,
            escape(text)
        );
    }

    /// Bytes, in monospace.
    pub fn mono(&mut self, x: f64, y: f64, text: &str, colour: &str) {
        self.text(
            x,
            y,
            text,
            &format!(r#"font-family="{MONO}" font-size="13" fill="{colour}" xml:space="preserve""#),
        );
    }

    /// Words, in a sans-serif face.
    pub fn words(&mut self, x: f64, y: f64, text: &str, size: u32, colour: &str, anchor: &str) {
        self.text(
            x,
            y,
            text,
            &format!(
                r#"font-family="{SANS}" font-size="{size}" fill="{colour}" text-anchor="{anchor}""#
            ),
        );
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, stroke: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{x:.0}" y="{y:.0}" width="{w:.0}" height="{h:.0}" rx="6" fill="{fill}" stroke="{stroke}"/>"#
        );
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, colour: &str, dashed: bool) {
        let dash = if dashed {
            r#" stroke-dasharray="5 5""#
        } else {
            ""
        };
        let _ = writeln!(
            self.body,
            r#"<line x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}" stroke="{colour}" stroke-width="1.5"{dash}/>"#
        );
    }

    /// A line through `points`, with no arrowhead: a plot's series.
    pub fn polyline(&mut self, points: &[(f64, f64)], colour: &str) {
        let path: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = writeln!(
            self.body,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2.5"/>"#,
            path.join(" ")
        );
    }

    /// A dot: a plot's measured point.
    pub fn dot(&mut self, x: f64, y: f64, colour: &str) {
        let _ = writeln!(
            self.body,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{colour}"/>"#
        );
    }

    /// A line through `points` with an arrowhead at the end, in `colour`.
    pub fn arrow(&mut self, points: &[(f64, f64)], colour: &str) {
        let path: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.0},{y:.0}"))
            .collect();
        let _ = writeln!(
            self.body,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            path.join(" ")
        );
        if let [.., (x1, y1), (x2, y2)] = points {
            // The head: two short strokes back from the tip, 25 degrees apart.
            let angle = (y2 - y1).atan2(x2 - x1);
            let wing = |turn: f64| {
                let a = angle + std::f64::consts::PI + turn;
                (x2 + 10.0 * a.cos(), y2 + 10.0 * a.sin())
            };
            let ((ax, ay), (bx, by)) = (wing(0.45), wing(-0.45));
            let _ = writeln!(
                self.body,
                r#"<polygon points="{x2:.0},{y2:.0} {ax:.1},{ay:.1} {bx:.1},{by:.1}" fill="{colour}"/>"#
            );
        }
    }

    /// The finished document, `width` by `height`, on a white background.
    pub fn finish(self, width: f64, height: f64, title: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\">\n\
             <title>{}</title>\n\
             <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{}</svg>\n",
            escape(title),
            self.body
        )
    }
}
