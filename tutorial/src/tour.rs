//! The tour: the same requests to both servers, every byte shown.
//!
//! Each step forms a request with the raw clients' libraries (`get_client`
//! and `post_client` write the bytes by hand), sends it to `socket_api` and
//! then to `framework_api`, and prints both exchanges with `\r` and `\n`
//! written out, so every CRLF can be counted. At the end it lists how the
//! two servers' answers differed, shows a connection carrying two requests,
//! and names where to go next: the book's first chapter and its exercise.

use std::error::Error;
use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use wire::HttpUrl;
use wire::show::visible;

use crate::compare::{self, Difference};

/// One request of the tour.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    pub title: &'static str,
    /// What to look at in this exchange.
    pub note: &'static str,
    pub method: &'static str,
    pub target: &'static str,
    /// Form fields: a POST with a form body when not empty.
    pub form: &'static [(&'static str, &'static str)],
}

/// The steps, in order.
pub const STEPS: &[Step] = &[
    Step {
        title: "A GET with parameters",
        note: "The parameters travel in the request-target, percent-encoded: ü is the two UTF-8 bytes C3 BC.",
        method: "GET",
        target: "/api?name=knsock&city=Z%C3%BCrich",
        form: &[],
    },
    Step {
        title: "A POST with a form",
        note: "The body follows the empty line. Content-Length counts its bytes, not its characters; a space became +, & became %26.",
        method: "POST",
        target: "/api",
        form: &[("name", "knsock"), ("note", "a & b = c")],
    },
    Step {
        title: "A path with no route: 404",
        note: "The connection stays open: an error status is still a complete, well-framed answer.",
        method: "GET",
        target: "/nope",
        form: &[],
    },
    Step {
        title: "A method the path does not take: 405",
        note: "Allow lists what the path accepts (RFC 9110 §15.5.6).",
        method: "DELETE",
        target: "/hello",
        form: &[],
    },
    Step {
        title: "HEAD",
        note: "The same status and fields as GET, Content-Length included, but no body: the client must know not to wait for one.",
        method: "HEAD",
        target: "/hello",
        form: &[],
    },
];

/// Where the tour sends a learner next: the book's first chapter...
pub const NEXT_CHAPTER: &str =
    "Read the book from chapter 1, \"TCP is a stream\": tutorial/book/src/01-tcp-stream.md";
/// ...and its first exercise.
pub const NEXT_EXERCISE: &str =
    "Then do its exercise, and check it: cargo run -p tutorial -- check ex01_head_end";

/// What the keep-alive step says when the client's port did not change.
pub const REUSED: &str = "one connection carried both requests: the client's port never changed";

/// The title of the keep-alive step.
pub const KEEP_ALIVE_TITLE: &str = "Keep-alive: two requests, one connection";

/// Sends two requests on one connection to each server and shows the
/// client's port, the same both times: the connection was really reused.
fn keep_alive(out: &mut impl Write, servers: &[(&str, SocketAddr)]) -> Result<(), Box<dyn Error>> {
    writeln!(out, "\n━━ {}. {KEEP_ALIVE_TITLE} ━━", STEPS.len() + 1)?;
    writeln!(
        out,
        "HTTP/1.1 keeps a connection open after an answer framed by Content-Length. A TCP connection is named by its two ends; the client's port staying the same shows the second request went over the first one's connection."
    )?;
    for (name, addr) in servers {
        let mut conn = crate::demos::connect(*addr)?;
        let mut ports = Vec::new();
        for target in ["/hello", "/api?city=Z%C3%BCrich"] {
            let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
            conn.write_all(request.as_bytes())?;
            let reply = conn.answer("GET", Duration::from_secs(5)).reply()?;
            ports.push(conn.local_addr());
            writeln!(
                out,
                "  {name}: from {} GET {target} -> {}, connection kept: {}",
                conn.local_addr(),
                reply.status_line(),
                reply.keep_alive
            )?;
        }
        if ports.windows(2).all(|pair| pair[0] == pair[1]) {
            writeln!(out, "  {name}: {REUSED}")?;
        }
    }
    Ok(())
}

/// Starts both servers on free ports, runs every step against both, and
/// prints it all to `out`. Returns the differences found.
pub fn run(out: &mut impl Write) -> Result<Vec<String>, Box<dyn Error>> {
    let any_port: SocketAddr = "127.0.0.1:0".parse()?;
    let socket_server = socket_api::Running::start(any_port, socket_api::Config::default())?;
    let framework_server = framework_api::Running::start(any_port)?;
    let servers = [
        (socket_api::SERVER_NAME, socket_server.addr()),
        (framework_api::SERVER_NAME, framework_server.addr()),
    ];
    writeln!(out, "HTTP by hand: the tour")?;
    writeln!(out, "  {} listens on http://{}", servers[0].0, servers[0].1)?;
    writeln!(out, "  {} listens on http://{}", servers[1].0, servers[1].1)?;
    writeln!(
        out,
        "Every request below goes to both. \\r and \\n are shown as written on the wire."
    )?;

    let mut differences: Vec<Difference> = Vec::new();
    for (number, step) in STEPS.iter().enumerate() {
        writeln!(out, "\n━━ {}. {} ━━", number + 1, step.title)?;
        writeln!(out, "{}", step.note)?;
        let mut answers = Vec::new();
        for (name, addr) in servers {
            let exchange = send(step, addr)?;
            writeln!(out, "\n── to {name} ({addr}) ──")?;
            writeln!(out, "{}", indent(&visible(&exchange.request)))?;
            writeln!(out, "── {name} answers ──")?;
            let mut response = exchange.response_head.clone();
            response.extend_from_slice(&exchange.body);
            writeln!(out, "{}", indent(&visible(&response)))?;
            // A terminal shows `ü` only once its two bytes are decoded as UTF-8.
            for line in utf8_beside(&exchange.body) {
                writeln!(out, "    {line}")?;
            }
            answers.push(exchange);
        }
        let (left, right) = (&answers[0], &answers[1]);
        differences.extend(compare::compare(
            servers[0].0,
            (&left.head, &left.body),
            servers[1].0,
            (&right.head, &right.body),
        ));
    }

    keep_alive(out, &servers)?;

    let summary = compare::summarise(servers[0].0, servers[1].0, &differences);
    writeln!(out, "\n━━ What differed ━━")?;
    if summary.is_empty() {
        writeln!(out, "Nothing: the two answers were byte for byte the same.")?;
    }
    for line in &summary {
        writeln!(out, "- {line}")?;
    }
    socket_server.shutdown()?;
    framework_server.shutdown()?;
    // What must agree, by the parity rule: status, Content-Type, Allow, body.
    let disagreements = differences.iter().filter(|d| breaks_parity(d)).count();
    if disagreements > 0 {
        return Err(format!(
            "the servers disagreed {disagreements} times on status, Content-Type, Allow or body"
        )
        .into());
    }
    writeln!(
        out,
        "\nStatus, Content-Type, Allow and body agreed on every step; `cargo test -p tutorial` checks that on many more requests."
    )?;
    writeln!(out, "\n━━ Where next ━━")?;
    writeln!(out, "{NEXT_CHAPTER}")?;
    writeln!(out, "{NEXT_EXERCISE}")?;
    Ok(summary)
}

/// Forms `step`'s request by hand and sends it to `addr`.
fn send(step: &Step, addr: SocketAddr) -> Result<raw_client::Exchange, Box<dyn Error>> {
    let url = HttpUrl::parse(&format!("http://{addr}{}", step.target))?;
    let request = if step.form.is_empty() {
        get_client::request_bytes(step.method, &url, &[])
    } else {
        let pairs: Vec<(String, String)> = step
            .form
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        post_client::request_bytes(
            step.method,
            &url,
            Some(&post_client::Body::form(&pairs)),
            &[],
        )
    };
    Ok(raw_client::send(&url, step.method, &request)?)
}

/// Is `difference` one the two servers must not have?
fn breaks_parity(difference: &Difference) -> bool {
    match difference {
        Difference::Status { .. } | Difference::Body => true,
        Difference::Value { name, .. } | Difference::OnlyIn { name, .. } => {
            name.eq_ignore_ascii_case("content-type") || name.eq_ignore_ascii_case("allow")
        }
        Difference::NameCase { .. } | Difference::Order { .. } => false,
    }
}

/// `text` with every line indented four spaces.
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lines of `body` that hold bytes outside ASCII, each shown twice: as
/// the bytes arrived (`Z\xC3\xBCrich`) and decoded as UTF-8 (`Zürich`),
/// with which bytes made each non-ASCII character.
pub fn utf8_beside(body: &[u8]) -> Vec<String> {
    let mut lines = Vec::new();
    for line in body.split(|&b| b == b'\n') {
        if line.is_ascii() {
            continue;
        }
        let decoded = String::from_utf8_lossy(line);
        let spelled: Vec<String> = decoded
            .chars()
            .filter(|c| !c.is_ascii())
            .map(|c| {
                let mut utf8 = [0u8; 4];
                let bytes: Vec<String> = c
                    .encode_utf8(&mut utf8)
                    .bytes()
                    .map(|b| format!("{b:02X}"))
                    .collect();
                format!("{c} = {}", bytes.join(" "))
            })
            .collect();
        lines.push(format!(
            "bytes: {}   decoded: {}   ({})",
            visible(line),
            decoded,
            spelled.join(", ")
        ));
    }
    lines
}
