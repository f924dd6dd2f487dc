//! The benchmark as a picture, `tutorial/book/src/img/bench.svg`: req/s
//! against connections on the left, p99 latency on the right, a line per
//! server. Drawn by hand with the diagrams' few SVG helpers.
//!
//! Connections go from 16 to 10,000, so the x axis is logarithmic (each
//! step ×10 is the same width); p99 goes from a tenth of a millisecond to
//! seconds, so its axis is logarithmic too. req/s starts at 0, so the
//! heights of the lines can be compared by eye.

use super::Server;
use super::report::{Row, thousands};
use crate::diagrams::svg::{GREY, Svg};

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 470.0;
/// The two plot areas: left edges, and the shared top and bottom.
const LEFT_PANEL: f64 = 90.0;
const RIGHT_PANEL: f64 = 530.0;
const PANEL_WIDTH: f64 = 330.0;
const TOP: f64 = 95.0;
const BOTTOM: f64 = 365.0;
const GRID: &str = "#e5e7eb";

/// Each server's colour, the same in every picture.
pub fn colour(server: Server) -> &'static str {
    match server {
        Server::SocketThreads => "#1d4ed8",
        Server::SocketEvents => "#15803d",
        Server::Framework => "#c2410c",
        Server::Nginx => "#7c3aed",
    }
}

/// The SVG text. `caption` says where and when it was measured.
pub fn draw(rows: &[Row], caption: &str) -> String {
    let rows: Vec<&Row> = rows.iter().filter(|r| r.rounds > 0).collect();
    let mut servers: Vec<Server> = Vec::new();
    for row in &rows {
        if !servers.contains(&row.server) {
            servers.push(row.server);
        }
    }
    let mut connections: Vec<u32> = rows.iter().map(|r| r.connections).collect();
    connections.sort_unstable();
    connections.dedup();

    let mut svg = Svg::new();
    svg.words(
        WIDTH / 2.0,
        32.0,
        "GET /api?name=x under wrk: throughput and p99 latency against connections",
        17,
        "#111827",
        "middle",
    );
    svg.words(WIDTH / 2.0, 54.0, caption, 12, GREY, "middle");

    let x = XAxis::new(&connections);
    // Left: req/s, from 0.
    let top_rate = rows.iter().map(|r| r.per_sec).fold(0.0, f64::max);
    let (rate_max, rate_step) = nice_scale(top_rate);
    let rate_y = |v: f64| BOTTOM - (BOTTOM - TOP) * v / rate_max;
    svg.words(
        LEFT_PANEL,
        TOP - 14.0,
        "requests per second (median)",
        13,
        "#111827",
        "start",
    );
    let mut tick = 0.0;
    while tick <= rate_max + rate_step / 2.0 {
        let y = rate_y(tick);
        svg.line(LEFT_PANEL, y, LEFT_PANEL + PANEL_WIDTH, y, GRID, false);
        svg.words(
            LEFT_PANEL - 8.0,
            y + 4.0,
            &short_rate(tick),
            11,
            GREY,
            "end",
        );
        tick += rate_step;
    }
    // Right: p99 in milliseconds, a decade per grid line.
    let p99s: Vec<f64> = rows
        .iter()
        .map(|r| r.p99.as_secs_f64() * 1000.0)
        .filter(|&ms| ms > 0.0)
        .collect();
    let low = p99s.iter().copied().fold(f64::INFINITY, f64::min);
    let high = p99s.iter().copied().fold(0.0, f64::max);
    let (decade_low, decade_high) = decades(low, high);
    let p99_y = |ms: f64| {
        let span = f64::from(decade_high - decade_low);
        BOTTOM - (BOTTOM - TOP) * (ms.log10() - f64::from(decade_low)) / span
    };
    svg.words(
        RIGHT_PANEL,
        TOP - 14.0,
        "p99 latency (log scale)",
        13,
        "#111827",
        "start",
    );
    for decade in decade_low..=decade_high {
        let ms = 10f64.powi(decade);
        let y = p99_y(ms);
        svg.line(RIGHT_PANEL, y, RIGHT_PANEL + PANEL_WIDTH, y, GRID, false);
        svg.words(RIGHT_PANEL - 8.0, y + 4.0, &short_time(ms), 11, GREY, "end");
    }
    // The x axes, and a tick per number of connections measured.
    for left in [LEFT_PANEL, RIGHT_PANEL] {
        svg.line(left, BOTTOM, left + PANEL_WIDTH, BOTTOM, GREY, false);
        svg.line(left, TOP, left, BOTTOM, GREY, false);
        for &n in &connections {
            let px = left + x.at(n);
            svg.line(px, BOTTOM, px, BOTTOM + 5.0, GREY, false);
            svg.words(
                px,
                BOTTOM + 19.0,
                &thousands(u64::from(n)),
                11,
                GREY,
                "middle",
            );
        }
        svg.words(
            left + PANEL_WIDTH / 2.0,
            BOTTOM + 38.0,
            "connections (log scale)",
            12,
            GREY,
            "middle",
        );
    }
    // A line per server in each panel.
    for &server in &servers {
        let mine: Vec<&&Row> = rows.iter().filter(|r| r.server == server).collect();
        let rate: Vec<(f64, f64)> = mine
            .iter()
            .map(|r| (LEFT_PANEL + x.at(r.connections), rate_y(r.per_sec)))
            .collect();
        let latency: Vec<(f64, f64)> = mine
            .iter()
            .filter(|r| r.p99.as_secs_f64() > 0.0)
            .map(|r| {
                let ms = r.p99.as_secs_f64() * 1000.0;
                (RIGHT_PANEL + x.at(r.connections), p99_y(ms))
            })
            .collect();
        for points in [rate, latency] {
            svg.polyline(&points, colour(server));
            for (px, py) in points {
                svg.dot(px, py, colour(server));
            }
        }
    }
    // The legend: one entry per server, in a row under the plots.
    let step = WIDTH / (servers.len().max(1) as f64 + 1.0);
    for (i, &server) in servers.iter().enumerate() {
        let lx = step * (i as f64 + 1.0) - 60.0;
        let ly = HEIGHT - 30.0;
        svg.polyline(&[(lx, ly - 4.0), (lx + 24.0, ly - 4.0)], colour(server));
        svg.words(lx + 30.0, ly, server.label(), 13, "#111827", "start");
    }
    svg.finish(
        WIDTH,
        HEIGHT,
        "Benchmark: req/s and p99 against connections",
    )
}

/// Where a number of connections goes across a panel: log10, padded.
#[derive(Debug)]
struct XAxis {
    low: f64,
    high: f64,
}

impl XAxis {
    fn new(connections: &[u32]) -> XAxis {
        let logs: Vec<f64> = connections.iter().map(|&n| f64::from(n).log10()).collect();
        let low = logs.iter().copied().fold(f64::INFINITY, f64::min);
        let high = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !low.is_finite() || !high.is_finite() {
            return XAxis {
                low: 0.0,
                high: 1.0,
            };
        }
        XAxis { low, high }
    }

    fn at(&self, n: u32) -> f64 {
        let margin = 30.0;
        let span = self.high - self.low;
        if span <= 0.0 {
            return PANEL_WIDTH / 2.0;
        }
        margin + (PANEL_WIDTH - 2.0 * margin) * (f64::from(n).log10() - self.low) / span
    }
}

/// A top for an axis from 0 past `max`, and a round step (1, 2 or 5
/// times a power of ten) that cuts it into four to eight parts.
fn nice_scale(max: f64) -> (f64, f64) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 1.0);
    }
    let raw = max / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power);
    ((max / step).ceil() * step, step)
}

/// The decades (powers of ten, in ms) around `low..=high`, at least one apart.
fn decades(low: f64, high: f64) -> (i32, i32) {
    if !(low.is_finite() && high.is_finite() && low > 0.0 && high > 0.0) {
        return (-1, 1);
    }
    let from = low.log10().floor() as i32;
    let to = (high.log10().ceil() as i32).max(from + 1);
    (from, to)
}

/// `120000` as `120k`.
fn short_rate(value: f64) -> String {
    if value >= 1000.0 {
        format!("{}k", thousands((value / 1000.0).round() as u64))
    } else {
        format!("{value:.0}")
    }
}

/// A power of ten of milliseconds: `0.01 ms`, `1 ms`, `1 s`.
fn short_time(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{} s", ms / 1000.0)
    } else if ms >= 1.0 {
        format!("{ms:.0} ms")
    } else {
        let digits = (-ms.log10()).round() as usize;
        format!("{ms:.digits$} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn row(connections: u32, server: Server, per_sec: f64, p99_us: u64) -> Row {
        Row {
            connections,
            server,
            rounds: 3,
            per_sec,
            p50: Duration::from_micros(p99_us / 2),
            p99: Duration::from_micros(p99_us),
            rss_kib: Some(8000),
            errors: 0,
            socket_errors: Default::default(),
            non_2xx_3xx: 0,
            failure: None,
        }
    }

    /// Tags open and close in order, attributes are quoted, text holds no
    /// bare `<` or `&`: what a browser's XML parser insists on.
    fn well_formed(svg: &str) -> Result<(), String> {
        let mut open: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            if let Some(amp) = text.find('&') {
                let entity = &text[amp..];
                if !["&amp;", "&lt;", "&gt;", "&quot;"]
                    .iter()
                    .any(|e| entity.starts_with(e))
                {
                    return Err(format!("a bare & in {text:?}"));
                }
            }
            let end = rest[start..].find('>').ok_or("a tag never ends")? + start;
            let tag = &rest[start + 1..end];
            if tag.matches('"').count() % 2 == 1 {
                return Err(format!("unbalanced quotes in <{tag}>"));
            }
            if let Some(name) = tag.strip_prefix('/') {
                match open.pop() {
                    Some(top) if top == name => {}
                    other => return Err(format!("</{name}> closes {other:?}")),
                }
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().ok_or("an empty tag")?;
                open.push(name.to_string());
            }
            rest = &rest[end + 1..];
        }
        if open.is_empty() && rest.trim().is_empty() {
            Ok(())
        } else {
            Err(format!("left open: {open:?}"))
        }
    }

    #[test]
    fn bench_plot_is_well_formed_and_names_each_server() {
        let mut rows = Vec::new();
        for (i, server) in Server::ALL.into_iter().enumerate() {
            for (j, n) in [16, 256, 1000, 10_000].into_iter().enumerate() {
                let rate = 20_000.0 * (i + 1) as f64 + 1000.0 * j as f64;
                rows.push(row(
                    n,
                    server,
                    rate,
                    150 * (j as u64 + 1) * 10u64.pow(j as u32),
                ));
            }
        }
        let svg = draw(&rows, "2 cores, Linux & co, <today>");
        well_formed(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        for server in Server::ALL {
            assert!(
                svg.contains(&format!(">{}</text>", server.label())),
                "{}",
                server.label()
            );
            assert!(svg.contains(colour(server)));
        }
        assert!(svg.contains(">10,000</text>"));
        // Escaped, not raw.
        assert!(svg.contains("Linux &amp; co, &lt;today&gt;"));
    }

    #[test]
    fn bench_plot_survives_one_point_and_no_points() {
        let one = draw(&[row(16, Server::Nginx, 1000.0, 100)], "x");
        well_formed(&one).unwrap_or_else(|e| panic!("{e}"));
        assert!(!one.contains("NaN") && !one.contains("inf"));
        let none = draw(&[], "x");
        well_formed(&none).unwrap_or_else(|e| panic!("{e}"));
        assert!(!none.contains("NaN") && !none.contains("inf"));
    }

    #[test]
    fn bench_plot_scales() {
        assert_eq!(nice_scale(87_000.0), (100_000.0, 20_000.0));
        assert_eq!(nice_scale(0.0), (1.0, 1.0));
        assert_eq!(decades(0.15, 1850.0), (-1, 4));
        assert_eq!(decades(1.0, 1.0), (0, 1));
        assert_eq!(short_time(0.1), "0.1 ms");
        assert_eq!(short_time(0.01), "0.01 ms");
        assert_eq!(short_time(10.0), "10 ms");
        assert_eq!(short_time(1000.0), "1 s");
        assert_eq!(short_rate(120_000.0), "120k");
        assert_eq!(short_rate(0.0), "0");
    }
}
