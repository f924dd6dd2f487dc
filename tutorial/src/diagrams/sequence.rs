//! Sequence diagrams: a client and a server, time running down the page,
//! each message an arrow with its bytes written above it.

use super::svg::{GREY, MONO_WIDTH, REQUEST, RESPONSE, Svg};

/// One thing that happens in a conversation.
#[derive(Debug, Clone)]
pub enum Item {
    /// Bytes from the client to the server, one entry per line.
    Request(Vec<String>),
    /// Bytes from the server to the client.
    Response(Vec<String>),
    /// Something that is not a message: a connection opened or closed.
    Note(String),
}

/// At most this many characters of a line are drawn, so a long body fits.
const MAX_CHARS: usize = 70;
const LINE: f64 = 17.0;
const CLIENT_X: f64 = 90.0;
const SERVER_X: f64 = 810.0;
const WIDTH: f64 = 900.0;

fn clip(line: &str) -> String {
    if line.chars().count() <= MAX_CHARS {
        return line.to_string();
    }
    let kept: String = line.chars().take(MAX_CHARS - 1).collect();
    format!("{kept}…")
}

/// Draws `items` between `client` and `server`, under `title`.
pub fn draw(title: &str, client: &str, server: &str, items: &[Item]) -> String {
    let mut svg = Svg::new();
    svg.words(WIDTH / 2.0, 28.0, title, 18, "#111827", "middle");
    for (x, name) in [(CLIENT_X, client), (SERVER_X, server)] {
        svg.rect(x - 75.0, 42.0, 150.0, 30.0, "#f3f4f6", "#9ca3af");
        svg.words(x, 62.0, name, 14, "#111827", "middle");
    }
    let mut y = 100.0;
    for item in items {
        match item {
            Item::Note(text) => {
                y += 6.0;
                svg.words(WIDTH / 2.0, y, text, 13, GREY, "middle");
                y += 22.0;
            }
            Item::Request(lines) | Item::Response(lines) => {
                let to_server = matches!(item, Item::Request(_));
                let colour = if to_server { REQUEST } else { RESPONSE };
                let widest = lines
                    .iter()
                    .map(|l| clip(l).chars().count())
                    .max()
                    .unwrap_or(0);
                // The text sits near the sender's end, clear of the lifeline.
                let block = widest as f64 * MONO_WIDTH;
                let x = if to_server {
                    CLIENT_X + 24.0
                } else {
                    SERVER_X - 24.0 - block
                };
                for line in lines {
                    y += LINE;
                    svg.mono(x, y, &clip(line), colour);
                }
                y += 12.0;
                let (from, to) = if to_server {
                    (CLIENT_X, SERVER_X)
                } else {
                    (SERVER_X, CLIENT_X)
                };
                svg.arrow(&[(from, y), (to, y)], colour);
                y += 16.0;
            }
        }
    }
    let height = y + 30.0;
    for x in [CLIENT_X, SERVER_X] {
        svg.line(x, 72.0, x, height - 16.0, "#9ca3af", true);
    }
    svg.finish(WIDTH, height, title)
}
