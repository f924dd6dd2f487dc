//! The states of a server connection: [`wire::server::State`], drawn.

use wire::server::State;

use super::svg::{GREY, REQUEST, RESPONSE, Svg};

/// Each state's name as the diagram shows it. The match has no wildcard:
/// a state added to `wire::server::State` does not compile here until the
/// diagram has a place for it.
fn name(state: &State) -> &'static str {
    match state {
        State::Idle => "Idle",
        State::ReadingHead => "ReadingHead",
        State::ReadingBody { .. } => "ReadingBody",
        State::Handling => "Handling",
        State::SendingError => "SendingError",
        State::SendingBody { .. } => "SendingBody",
        State::Closed => "Closed",
    }
}

const W: f64 = 140.0;
const H: f64 = 44.0;

pub fn draw() -> String {
    let mut svg = Svg::new();
    let title = "A server connection's states (wire::server::State)";
    svg.words(540.0, 28.0, title, 18, "#111827", "middle");
    // Where each box's top-left corner is.
    let idle = (20.0, 110.0);
    let head = (250.0, 110.0);
    let body = (500.0, 110.0);
    let handling = (750.0, 110.0);
    let sending = (960.0, 110.0);
    let error = (375.0, 270.0);
    let closed = (375.0, 420.0);
    let reading_body = State::ReadingBody {
        decoder: wire::BodyDecoder::Done,
        received: 0,
        limit: 0,
        start: wire::server::BodyStart::Flowing,
    };
    let sending_body = State::SendingBody {
        framing: wire::server::BodyFraming::Chunked,
        persistence: wire::server::Persistence::Default,
    };
    for ((x, y), state) in [
        (idle, &State::Idle),
        (head, &State::ReadingHead),
        (body, &reading_body),
        (handling, &State::Handling),
        (sending, &sending_body),
        (error, &State::SendingError),
        (closed, &State::Closed),
    ] {
        let fill = match state {
            State::SendingError => "#fee2e2",
            State::Closed => "#e5e7eb",
            _ => "#dbeafe",
        };
        svg.rect(x, y, W, H, fill, "#374151");
        svg.words(x + W / 2.0, y + 28.0, name(state), 15, "#111827", "middle");
    }
    let mid_y = 110.0 + H / 2.0;
    let label = |svg: &mut Svg, x: f64, y: f64, text: &str, colour: &str| {
        svg.words(x, y, text, 12, colour, "middle")
    };
    // The happy path, left to right.
    svg.arrow(&[(idle.0 + W, mid_y), (head.0, mid_y)], REQUEST);
    label(
        &mut svg,
        (idle.0 + W + head.0) / 2.0,
        mid_y - 8.0,
        "first byte",
        REQUEST,
    );
    svg.arrow(&[(head.0 + W, mid_y), (body.0, mid_y)], REQUEST);
    label(
        &mut svg,
        (head.0 + W + body.0) / 2.0,
        mid_y - 8.0,
        "head ok",
        REQUEST,
    );
    svg.arrow(&[(body.0 + W, mid_y), (handling.0, mid_y)], REQUEST);
    label(
        &mut svg,
        (body.0 + W + handling.0) / 2.0,
        mid_y - 8.0,
        "body ends",
        REQUEST,
    );
    // A body sent in pieces: its head first, then send_data, end_body.
    svg.arrow(&[(handling.0 + W, mid_y), (sending.0, mid_y)], RESPONSE);
    label(
        &mut svg,
        (handling.0 + W + sending.0) / 2.0,
        mid_y - 8.0,
        "send_head",
        RESPONSE,
    );
    // Keep-alive: back to Idle, over the top, from a whole response or the
    // end of a streamed one.
    svg.line(
        handling.0 + W / 2.0,
        110.0,
        handling.0 + W / 2.0,
        70.0,
        RESPONSE,
        false,
    );
    svg.arrow(
        &[
            (sending.0 + W / 2.0, 110.0),
            (sending.0 + W / 2.0, 70.0),
            (idle.0 + W / 2.0, 70.0),
            (idle.0 + W / 2.0, 110.0),
        ],
        RESPONSE,
    );
    label(
        &mut svg,
        540.0,
        64.0,
        "send_response or end_body, keep-alive: the next request (a pipelined one may be waiting)",
        RESPONSE,
    );
    // Errors.
    svg.arrow(
        &[(head.0 + W / 2.0, 110.0 + H), (error.0 + 30.0, error.1)],
        "#b91c1c",
    );
    svg.words(head.0 + 14.0, 205.0, "bad head:", 12, "#b91c1c", "end");
    svg.words(
        head.0 + 14.0,
        221.0,
        "400, 408, 431 ...",
        12,
        "#b91c1c",
        "end",
    );
    svg.arrow(
        &[(body.0 + W / 2.0, 110.0 + H), (error.0 + W - 30.0, error.1)],
        "#b91c1c",
    );
    svg.words(
        body.0 + 50.0,
        205.0,
        "bad chunk, too big:",
        12,
        "#b91c1c",
        "start",
    );
    svg.words(
        body.0 + 50.0,
        221.0,
        "400, 408, 413",
        12,
        "#b91c1c",
        "start",
    );
    svg.arrow(
        &[
            (error.0 + W / 2.0, error.1 + H),
            (closed.0 + W / 2.0, closed.1),
        ],
        "#b91c1c",
    );
    svg.words(
        error.0 + W / 2.0 + 8.0,
        375.0,
        "send_response (always Connection: close)",
        12,
        "#b91c1c",
        "start",
    );
    // Closing.
    svg.arrow(
        &[
            (handling.0 + W / 2.0, 110.0 + H),
            (handling.0 + W / 2.0, closed.1 + H / 2.0),
            (closed.0 + W, closed.1 + H / 2.0),
        ],
        RESPONSE,
    );
    svg.words(
        handling.0 + W / 2.0 - 8.0,
        400.0,
        "send_response with",
        12,
        RESPONSE,
        "end",
    );
    svg.words(
        handling.0 + W / 2.0 - 8.0,
        416.0,
        "Connection: close",
        12,
        RESPONSE,
        "end",
    );
    svg.arrow(
        &[
            (idle.0 + W / 2.0, 110.0 + H),
            (idle.0 + W / 2.0, closed.1 + H / 2.0),
            (closed.0, closed.1 + H / 2.0),
        ],
        GREY,
    );
    svg.words(
        idle.0 + W / 2.0 + 8.0,
        400.0,
        "client closes, or",
        12,
        GREY,
        "start",
    );
    svg.words(
        idle.0 + W / 2.0 + 8.0,
        416.0,
        "idle timeout: no answer",
        12,
        GREY,
        "start",
    );
    svg.arrow(
        &[
            (head.0 + 20.0, 110.0 + H),
            (head.0 + 20.0, closed.1 + 10.0),
            (closed.0, closed.1 + 10.0),
        ],
        GREY,
    );
    svg.words(head.0 + 26.0, 300.0, "client closes", 12, GREY, "start");
    svg.words(head.0 + 26.0, 316.0, "mid-head", 12, GREY, "start");
    // The end of a streamed body that closes: HTTP/1.0's body ends with
    // the connection, a Content-Length not met, or Connection: close.
    svg.arrow(
        &[
            (sending.0 + W / 2.0, 110.0 + H),
            (sending.0 + W / 2.0, closed.1 + H - 8.0),
            (closed.0 + W, closed.1 + H - 8.0),
        ],
        RESPONSE,
    );
    svg.words(
        sending.0 + W / 2.0 - 8.0,
        300.0,
        "end_body, and close:",
        12,
        RESPONSE,
        "end",
    );
    svg.words(
        sending.0 + W / 2.0 - 8.0,
        316.0,
        "HTTP/1.0 or cut short",
        12,
        RESPONSE,
        "end",
    );
    svg.finish(1120.0, 490.0, title)
}
