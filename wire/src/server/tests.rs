//! Every transition of [`ServerConnection`], without a socket: bytes in,
//! events out (h11's `test_state.py` is the model). Time is a fixed
//! `Instant` plus offsets, so deadlines are exact.

use std::time::{Duration, Instant};

use super::*;

const DATE: &str = "Sun, 06 Nov 1994 08:49:37 GMT";

fn limits() -> Limits {
    Limits {
        head: HeadLimits::default(),
        max_body: 16,
        header_timeout: Duration::from_secs(10),
        idle_timeout: Duration::from_secs(5),
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// A fresh connection and the instant it was accepted.
fn fresh() -> (ServerConnection, Instant) {
    let t0 = Instant::now();
    (ServerConnection::new(limits(), t0), t0)
}

/// Takes events until the machine waits for data, pauses or closes.
fn drain(conn: &mut ServerConnection) -> Vec<Event> {
    let mut events = Vec::new();
    loop {
        let event = conn.next_event();
        let stop = matches!(
            event,
            Event::NeedData { .. } | Event::Paused | Event::Closed | Event::Error { .. }
        );
        events.push(event);
        if stop {
            return events;
        }
    }
}

/// A short name for each event, so a whole exchange fits in one assert.
fn names(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            Event::NeedData { wait, .. } => format!("NeedData({wait:?})"),
            Event::Head { head, target } => format!("Head({} {target})", head.method),
            Event::SendContinue => "SendContinue".into(),
            Event::Data(d) => format!("Data({})", String::from_utf8_lossy(d)),
            Event::EndOfRequest => "End".into(),
            Event::Error { error, .. } => {
                format!("Error({:?})", error.status().map(|s| s.as_u16()))
            }
            Event::Paused => "Paused".into(),
            Event::Closed => "Closed".into(),
        })
        .collect()
}

fn feed(conn: &mut ServerConnection, bytes: &[u8], at: Instant) -> Vec<String> {
    conn.receive(bytes, at);
    names(&drain(conn))
}

fn respond(conn: &mut ServerConnection, close: bool, at: Instant) -> String {
    let bytes = conn
        .send_response(StatusCode::OK, &[], b"hi", DATE, close, at)
        .unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8_lossy(&bytes).into_owned()
}

fn state_name(conn: &ServerConnection) -> &'static str {
    match conn.state() {
        State::Idle => "Idle",
        State::ReadingHead => "ReadingHead",
        State::ReadingBody { .. } => "ReadingBody",
        State::Handling => "Handling",
        State::SendingError => "SendingError",
        State::SendingBody { .. } => "SendingBody",
        State::Closed => "Closed",
    }
}

#[test]
fn a_new_connection_waits_for_its_idle_deadline() {
    let (mut conn, t0) = fresh();
    match conn.next_event() {
        Event::NeedData { wait, deadline } => {
            assert_eq!(wait, Wait::Idle);
            assert_eq!(deadline, t0 + secs(5));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(state_name(&conn), "Idle");
}

#[test]
fn get_then_keep_alive_then_idle_again() {
    let (mut conn, t0) = fresh();
    let events = feed(&mut conn, b"GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n", t0);
    assert_eq!(events, ["Head(GET /a?x=1)", "End", "Paused"]);
    assert_eq!(state_name(&conn), "Handling");
    let reply = respond(&mut conn, false, t0 + secs(1));
    assert_eq!(
        reply,
        format!("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nDate: {DATE}\r\n\r\nhi")
    );
    assert_eq!(state_name(&conn), "Idle");
    // The idle deadline counts from the response.
    match conn.next_event() {
        Event::NeedData { wait, deadline } => {
            assert_eq!((wait, deadline), (Wait::Idle, t0 + secs(6)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_head_deadline_is_for_the_whole_head() {
    let (mut conn, t0) = fresh();
    assert_eq!(
        feed(&mut conn, b"GET / HT", t0 + secs(1)),
        ["NeedData(Head)"]
    );
    conn.receive(b"TP/1.1\r\nHo", t0 + secs(9));
    match conn.next_event() {
        // Still 10 s from the first byte, not from the last.
        Event::NeedData { wait, deadline } => {
            assert_eq!((wait, deadline), (Wait::Head, t0 + secs(11)));
        }
        other => panic!("{other:?}"),
    }
    conn.deadline_passed();
    assert_eq!(names(&drain(&mut conn)), ["Error(Some(408))"]);
    assert_eq!(state_name(&conn), "SendingError");
    let reply = respond(&mut conn, false, t0 + secs(11));
    assert!(reply.contains("Connection: close\r\n"), "{reply}");
    assert_eq!(state_name(&conn), "Closed");
}

#[test]
fn the_body_deadline_restarts_with_each_piece() {
    let (mut conn, t0) = fresh();
    let head = b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab";
    assert_eq!(
        feed(&mut conn, head, t0),
        ["Head(POST /)", "Data(ab)", "NeedData(Body)"]
    );
    conn.receive(b"c", t0 + secs(7));
    assert_eq!(names(&[conn.next_event()]), ["Data(c)"]);
    match conn.next_event() {
        Event::NeedData { wait, deadline } => {
            assert_eq!((wait, deadline), (Wait::Body, t0 + secs(17)));
        }
        other => panic!("{other:?}"),
    }
    conn.deadline_passed();
    assert_eq!(names(&drain(&mut conn)), ["Error(Some(408))"]);
}

#[test]
fn an_idle_timeout_or_close_ends_quietly() {
    let (mut conn, _) = fresh();
    conn.deadline_passed();
    assert_eq!(names(&drain(&mut conn)), ["Closed"]);

    let (mut conn, _) = fresh();
    conn.receive_eof();
    assert_eq!(names(&drain(&mut conn)), ["Closed"]);
    assert_eq!(state_name(&conn), "Closed");
}

#[test]
fn a_client_that_leaves_mid_request_gets_no_answer() {
    for partial in [
        &b"GET / HTTP/1.1\r\nHo"[..],
        b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nab",
    ] {
        let (mut conn, t0) = fresh();
        conn.receive(partial, t0);
        let _ = drain(&mut conn);
        conn.receive_eof();
        let events = drain(&mut conn);
        assert!(
            matches!(
                events.last(),
                Some(Event::Error {
                    error: RequestError::ClientGone,
                    ..
                })
            ),
            "{events:?}"
        );
        assert_eq!(state_name(&conn), "Closed");
        assert_eq!(
            conn.send_response(StatusCode::OK, &[], b"", DATE, false, t0),
            Err(SendError::NotExpected)
        );
    }
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let (mut conn, t0) = fresh();
    let two = b"GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3";
    assert_eq!(feed(&mut conn, two, t0), ["Head(GET /1)", "End", "Paused"]);
    let _ = respond(&mut conn, false, t0 + secs(1));
    // The second is already here: no wait, no idle state.
    assert_eq!(state_name(&conn), "ReadingHead");
    assert_eq!(names(&drain(&mut conn)), ["Head(GET /2)", "End", "Paused"]);
    let _ = respond(&mut conn, false, t0 + secs(2));
    // The third has begun: its head deadline counts from the last response.
    match conn.next_event() {
        Event::NeedData { wait, deadline } => {
            assert_eq!((wait, deadline), (Wait::Head, t0 + secs(12)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn connection_close_and_http_1_0() {
    // (request, response's Connection field, state after)
    let cases: [(&[u8], Option<&str>, &str); 5] = [
        (b"GET / HTTP/1.1\r\nHost: h\r\n\r\n", None, "Idle"),
        (
            b"GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
            Some("close"),
            "Closed",
        ),
        (b"GET / HTTP/1.0\r\n\r\n", Some("close"), "Closed"),
        (
            b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            Some("keep-alive"),
            "Idle",
        ),
        (
            b"GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n",
            Some("close"),
            "Closed",
        ),
    ];
    for (request, connection, after) in cases {
        let (mut conn, t0) = fresh();
        let _ = feed(&mut conn, request, t0);
        let reply = respond(&mut conn, false, t0);
        let field = reply
            .lines()
            .find_map(|l| l.strip_prefix("Connection: "))
            .map(str::to_string);
        assert_eq!(
            field.as_deref(),
            connection,
            "{}",
            String::from_utf8_lossy(request)
        );
        assert_eq!(
            state_name(&conn),
            after,
            "{}",
            String::from_utf8_lossy(request)
        );
    }
}

#[test]
fn a_server_that_is_closing_says_so() {
    let (mut conn, t0) = fresh();
    let _ = feed(&mut conn, b"GET / HTTP/1.1\r\nHost: h\r\n\r\n", t0);
    let reply = respond(&mut conn, true, t0);
    assert!(reply.contains("Connection: close\r\n"));
    assert_eq!(names(&drain(&mut conn)), ["Closed"]);
}

#[test]
fn head_gets_the_length_but_not_the_body() {
    let (mut conn, t0) = fresh();
    let _ = feed(&mut conn, b"HEAD / HTTP/1.1\r\nHost: h\r\n\r\n", t0);
    let reply = respond(&mut conn, false, t0);
    assert!(reply.ends_with("Content-Length: 2\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n"));
}

#[test]
fn expect_100_continue() {
    let expect = b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n";
    let (mut conn, t0) = fresh();
    assert_eq!(
        feed(&mut conn, expect, t0),
        ["Head(POST /)", "SendContinue", "NeedData(Body)"]
    );
    assert_eq!(feed(&mut conn, b"ok", t0), ["Data(ok)", "End", "Paused"]);

    // The body is already here: the client did not wait, so no 100.
    let (mut conn, t0) = fresh();
    let mut eager = expect.to_vec();
    eager.extend_from_slice(b"ok");
    assert_eq!(
        feed(&mut conn, &eager, t0),
        ["Head(POST /)", "Data(ok)", "End", "Paused"]
    );

    // HTTP/1.0 does not know 100 Continue.
    let (mut conn, t0) = fresh();
    let old = b"POST / HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n";
    assert_eq!(feed(&mut conn, old, t0), ["Head(POST /)", "NeedData(Body)"]);

    // Too large: 413 instead of 100, before any of the body.
    let (mut conn, t0) = fresh();
    let big = b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 17\r\nExpect: 100-continue\r\n\r\n";
    assert_eq!(
        feed(&mut conn, big, t0),
        ["Head(POST /)", "Error(Some(413))"]
    );

    // An expectation nobody can meet.
    let (mut conn, t0) = fresh();
    let odd = b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: coffee\r\n\r\n";
    assert_eq!(feed(&mut conn, odd, t0), ["Error(Some(417))"]);
}

#[test]
fn chunked_bodies_and_their_errors() {
    let (mut conn, t0) = fresh();
    let ok =
        b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n";
    assert_eq!(
        feed(&mut conn, ok, t0),
        ["Head(POST /)", "Data(ab)", "End", "Paused"]
    );

    // A broken chunk mid-body: 400, and the connection cannot go on.
    let (mut conn, t0) = fresh();
    let bad = b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\nzz\r\n";
    assert_eq!(
        feed(&mut conn, bad, t0),
        ["Head(POST /)", "Data(ab)", "Error(Some(400))"]
    );
    let reply = respond(&mut conn, false, t0);
    assert!(reply.contains("Connection: close\r\n"));
    assert_eq!(state_name(&conn), "Closed");

    // Over max_body (16) as the chunks arrive.
    let (mut conn, t0) = fresh();
    let big = b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n123456789\r\n9\r\n123456789\r\n";
    assert_eq!(
        feed(&mut conn, big, t0),
        ["Head(POST /)", "Data(123456789)", "Error(Some(413))"]
    );
}

#[test]
fn heads_that_are_refused_come_back_with_the_error() {
    let cases: [(&[u8], u16); 7] = [
        (b"GET / HTTP/1.1\r\n\r\n", 400),                             // no Host
        (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),       // two
        (b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),                // not host[:port]
        (b"BREW / HTTP/1.1\r\nHost: h\r\n\r\n", 501),                 // unknown method
        (b"GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400),                  // not a target we serve
        (b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
    ];
    for (request, status) in cases {
        let (mut conn, t0) = fresh();
        conn.receive(request, t0);
        match conn.next_event() {
            Event::Error { error, head } => {
                assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{error}");
                assert!(head.is_some(), "the refused head comes back for the log");
            }
            other => panic!("{}: {other:?}", String::from_utf8_lossy(request)),
        }
        assert_eq!(state_name(&conn), "SendingError");
    }
}

#[test]
fn heads_that_cannot_be_parsed() {
    let long = format!("GET /{} HTTP/1.1\r\n", "a".repeat(20_000));
    let cases: [(&[u8], u16); 3] = [
        (b"GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        (b"GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),
        (long.as_bytes(), 414),
    ];
    for (request, status) in cases {
        let (mut conn, t0) = fresh();
        conn.receive(request, t0);
        match conn.next_event() {
            Event::Error { error, head: None } => {
                assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{error}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn an_error_response_to_head_has_no_body() {
    let (mut conn, t0) = fresh();
    let _ = feed(&mut conn, b"HEAD / HTTP/1.1\r\n\r\n", t0);
    let reply = conn
        .send_response(StatusCode::BAD_REQUEST, &[], b"no Host", DATE, false, t0)
        .unwrap_or_default();
    assert!(reply.ends_with(b"Connection: close\r\n\r\n"));
}

#[test]
fn responses_only_when_one_is_due() {
    let (mut conn, t0) = fresh();
    assert_eq!(
        conn.send_response(StatusCode::OK, &[], b"", DATE, false, t0),
        Err(SendError::NotExpected)
    );
    let _ = feed(
        &mut conn,
        b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n",
        t0,
    );
    // Mid-body: the request is not complete yet.
    assert_eq!(
        conn.send_response(StatusCode::OK, &[], b"", DATE, false, t0),
        Err(SendError::NotExpected)
    );
}

#[test]
fn nothing_is_read_after_close() {
    let (mut conn, t0) = fresh();
    let _ = feed(
        &mut conn,
        b"GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
        t0,
    );
    let _ = respond(&mut conn, false, t0);
    assert_eq!(
        feed(&mut conn, b"GET / HTTP/1.1\r\nHost: h\r\n\r\n", t0),
        ["Closed"]
    );
}

#[test]
fn the_machine_gives_the_same_events_however_the_bytes_are_split() {
    let request = b"POST /api HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: 1\r\n\r\n";
    for split in 1..request.len() {
        let (mut conn, t0) = fresh();
        let mut events = Vec::new();
        for piece in request.chunks(split) {
            conn.receive(piece, t0);
            events.extend(drain(&mut conn));
        }
        let body: Vec<u8> = events
            .iter()
            .filter_map(|e| match e {
                Event::Data(d) => Some(d.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(body, b"abcde", "split {split}");
        assert!(
            matches!(events.last(), Some(Event::Paused)),
            "split {split}: {events:?}"
        );
        assert_eq!(state_name(&conn), "Handling");
    }
}

#[test]
fn the_body_deadline_counts_from_the_end_of_the_head() {
    let (mut conn, t0) = fresh();
    assert_eq!(
        feed(&mut conn, b"POST / HTTP/1.1\r\n", t0),
        ["NeedData(Head)"]
    );
    // The head ends 9 s later: the body gets its own 10 s from there.
    let rest = b"Host: h\r\nContent-Length: 2\r\n\r\n";
    assert_eq!(
        feed(&mut conn, rest, t0 + secs(9)),
        ["Head(POST /)", "NeedData(Body)"]
    );
    match conn.next_event() {
        Event::NeedData { wait, deadline } => {
            assert_eq!((wait, deadline), (Wait::Body, t0 + secs(19)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bytes_that_arrive_after_a_timeout_was_reported_are_still_served() {
    // A readiness loop may see "timer fired" and "readable" in one turn.
    let (mut conn, t0) = fresh();
    conn.deadline_passed();
    let events = feed(&mut conn, b"GET / HTTP/1.1\r\nHost: h\r\n\r\n", t0);
    assert_eq!(events, ["Head(GET /)", "End", "Paused"]);
    let _ = respond(&mut conn, false, t0);
    // And the old timeout does not close the next idle wait.
    assert_eq!(names(&drain(&mut conn)), ["NeedData(Idle)"]);
}

#[test]
fn expect_is_a_list_in_one_field_or_several() {
    let cases: [(&[u8], &str); 4] = [
        (b"Expect: 100-Continue\r\n", "SendContinue"),
        (b"Expect: 100-continue, 100-continue\r\n", "SendContinue"),
        (
            b"Expect: 100-continue\r\nExpect: coffee\r\n",
            "Error(Some(417))",
        ),
        (b"Expect: 100-continue, coffee\r\n", "Error(Some(417))"),
    ];
    for (expect, second) in cases {
        let mut request = b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n".to_vec();
        request.extend_from_slice(expect);
        request.extend_from_slice(b"\r\n");
        let (mut conn, t0) = fresh();
        let events = feed(&mut conn, &request, t0);
        let got = events.iter().find(|e| *e != "Head(POST /)");
        assert_eq!(
            got.map(String::as_str),
            Some(second),
            "{}",
            String::from_utf8_lossy(expect)
        );
    }
}

#[test]
fn an_interim_status_is_not_a_response() {
    let (mut conn, t0) = fresh();
    let _ = feed(&mut conn, b"GET / HTTP/1.1\r\nHost: h\r\n\r\n", t0);
    let refused = conn.send_response(StatusCode::CONTINUE, &[], b"", DATE, false, t0);
    assert_eq!(refused, Err(SendError::Informational(StatusCode::CONTINUE)));
    // The request still waits for its real answer.
    assert_eq!(state_name(&conn), "Handling");
}

#[test]
fn no_content_and_not_modified_have_no_body_and_no_length() {
    for status in [StatusCode::NO_CONTENT, StatusCode::NOT_MODIFIED] {
        let (mut conn, t0) = fresh();
        let _ = feed(&mut conn, b"GET / HTTP/1.1\r\nHost: h\r\n\r\n", t0);
        let reply = conn
            .send_response(status, &[], b"ignored", DATE, false, t0)
            .unwrap_or_default();
        let reply = String::from_utf8_lossy(&reply);
        assert!(!reply.contains("Content-Length"), "{reply}");
        assert!(reply.ends_with("\r\n\r\n"), "{reply}");
        assert_eq!(state_name(&conn), "Idle");
    }
}

/// Streams `pieces` as the response to `request`; returns all the bytes
/// written and the state after.
fn stream(request: &[u8], length: Option<u64>, pieces: &[&[u8]]) -> (String, &'static str) {
    let (mut conn, t0) = fresh();
    let _ = feed(&mut conn, request, t0);
    let mut out = conn
        .send_head(StatusCode::OK, &[], length, DATE, false)
        .unwrap_or_else(|e| panic!("{e}"));
    for piece in pieces {
        out.extend(conn.send_data(piece).unwrap_or_else(|e| panic!("{e}")));
    }
    out.extend(conn.end_body(t0).unwrap_or_else(|e| panic!("{e}")));
    (
        String::from_utf8_lossy(&out).into_owned(),
        state_name(&conn),
    )
}

#[test]
fn a_body_of_unknown_length_is_chunked_for_http_1_1() {
    let (out, after) = stream(
        b"GET / HTTP/1.1\r\nHost: h\r\n\r\n",
        None,
        &[b"one\n", b"two\n"],
    );
    assert_eq!(
        out,
        format!(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: {DATE}\r\n\r\n4\r\none\n\r\n4\r\ntwo\n\r\n0\r\n\r\n"
        )
    );
    assert_eq!(after, "Idle");
}

#[test]
fn a_body_of_unknown_length_ends_with_the_connection_for_http_1_0() {
    let request = b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    let (out, after) = stream(request, None, &[b"one\n", b"two\n"]);
    assert_eq!(
        out,
        format!("HTTP/1.1 200 OK\r\nDate: {DATE}\r\nConnection: close\r\n\r\none\ntwo\n")
    );
    assert_eq!(after, "Closed", "the close is what ends the body");
}

#[test]
fn a_body_of_known_length_is_held_to_it() {
    let (out, after) = stream(
        b"GET / HTTP/1.1\r\nHost: h\r\n\r\n",
        Some(6),
        &[b"abc", b"def"],
    );
    assert!(
        out.contains("Content-Length: 6\r\n") && out.ends_with("\r\n\r\nabcdef"),
        "{out}"
    );
    assert_eq!(after, "Idle");

    let (mut conn, t0) = fresh();
    let _ = feed(&mut conn, b"GET / HTTP/1.1\r\nHost: h\r\n\r\n", t0);
    let _ = conn.send_head(StatusCode::OK, &[], Some(4), DATE, false);
    assert_eq!(conn.send_data(b"12345"), Err(SendError::TooLong));
    assert!(conn.send_data(b"12").is_ok());
    // Two bytes short: the client would wait for them, so the connection closes.
    assert_eq!(conn.end_body(t0), Err(SendError::TooShort { missing: 2 }));
    assert_eq!(state_name(&conn), "Closed");
}

#[test]
fn a_streamed_answer_to_head_says_the_framing_and_sends_nothing() {
    let (out, after) = stream(b"HEAD / HTTP/1.1\r\nHost: h\r\n\r\n", None, &[b"one\n"]);
    assert_eq!(
        out,
        format!("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: {DATE}\r\n\r\n")
    );
    assert_eq!(after, "Idle");
}

#[test]
fn body_pieces_only_after_a_head() {
    let (mut conn, t0) = fresh();
    let _ = feed(&mut conn, b"GET / HTTP/1.1\r\nHost: h\r\n\r\n", t0);
    assert_eq!(conn.send_data(b"x"), Err(SendError::NotExpected));
    assert_eq!(conn.end_body(t0), Err(SendError::NotExpected));
    let _ = conn.send_head(StatusCode::OK, &[], None, DATE, false);
    assert_eq!(state_name(&conn), "SendingBody");
    assert_eq!(names(&[conn.next_event()]), ["Paused"]);
}

#[test]
fn a_route_may_take_more_body_or_less() {
    let post = |length: usize| {
        format!(
            "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: {length}\r\nExpect: 100-continue\r\n\r\n"
        )
    };
    // The driver routes the head, then sets this request's limit (16 by default).
    for (limit, length, expected) in [
        (None, 17, "Error(Some(413))"),
        (Some(1000), 17, "SendContinue"),
        (Some(1000), 1001, "Error(Some(413))"),
        (Some(4), 5, "Error(Some(413))"),
    ] {
        let (mut conn, t0) = fresh();
        conn.receive(post(length).as_bytes(), t0);
        assert!(matches!(conn.next_event(), Event::Head { .. }));
        if let Some(limit) = limit {
            assert_eq!(conn.set_body_limit(limit), Ok(()));
        }
        assert_eq!(
            names(&[conn.next_event()]),
            [expected],
            "{limit:?} {length}"
        );
    }
    // Chunked bodies are held to it as they arrive.
    let (mut conn, t0) = fresh();
    conn.receive(
        b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
        t0,
    );
    assert!(matches!(conn.next_event(), Event::Head { .. }));
    assert_eq!(conn.set_body_limit(20), Ok(()));
    let events = feed(
        &mut conn,
        b"9\r\n123456789\r\n9\r\n123456789\r\n9\r\n123456789\r\n",
        t0,
    );
    assert_eq!(
        events,
        ["Data(123456789)", "Data(123456789)", "Error(Some(413))"]
    );
    // Too late once the body has begun.
    assert_eq!(conn.set_body_limit(1), Err(SendError::NotExpected));
}

#[test]
fn the_request_is_kept_as_it_came() {
    let (mut conn, t0) = fresh();
    let request = b"POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2;e=1\r\nab\r\n0\r\n\r\n";
    let mut pipelined = request.to_vec();
    pipelined.extend_from_slice(b"GET /next HTTP/1.1\r\n");
    // Whatever the pieces, the raw bytes are the request's and no more.
    for piece in pipelined.chunks(7) {
        conn.receive(piece, t0);
        let _ = drain(&mut conn);
    }
    assert_eq!(state_name(&conn), "Handling");
    assert_eq!(conn.raw_request(), request);
}
