//! The route table through `app().oneshot(request)`: no socket, no runtime
//! of our own beyond the test's. Every row of the table, with exact status,
//! `Content-Type`, `Allow` and body, because `socket_api` must give the same.
#![allow(clippy::unwrap_used)]

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use tower::ServiceExt;

const TEXT: &str = "text/plain; charset=utf-8";

/// What a test checks about a response.
#[derive(Debug)]
struct Answer {
    status: StatusCode,
    content_type: Option<String>,
    allow: Option<String>,
    content_length: Option<String>,
    body: String,
}

async fn send(request: Request<Body>) -> Answer {
    let response = framework_api::app().oneshot(request).await.unwrap();
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|value: &header::HeaderValue| value.to_str().unwrap().to_owned())
    };
    let status = response.status();
    let content_type = header(header::CONTENT_TYPE);
    let allow = header(header::ALLOW);
    let content_length = header(header::CONTENT_LENGTH);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        content_type,
        allow,
        content_length,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn get_accepting(uri: &str, accept: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::ACCEPT, accept)
        .body(Body::empty())
        .unwrap()
}

fn post_form(uri: &str, body: &'static str) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

fn assert_text(answer: &Answer, status: StatusCode, body: &str) {
    assert_eq!(answer.status, status, "{answer:?}");
    assert_eq!(answer.content_type.as_deref(), Some(TEXT), "{answer:?}");
    assert_eq!(answer.body, body, "{answer:?}");
}

fn assert_json(answer: &Answer, body: &str) {
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/json"),
        "{answer:?}"
    );
    assert_eq!(answer.body, body, "{answer:?}");
    // The body is also valid JSON of the promised shape.
    let value: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert!(value["params"].is_array());
}

#[tokio::test]
async fn index_is_the_shared_template_with_our_name() {
    let answer = send(get("/")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    let expected =
        include_str!("../../socket_api/src/index.html").replace("{server}", "framework_api");
    assert_eq!(answer.body, expected);
    assert!(answer.body.contains("<strong>framework_api</strong>"));
    assert!(!answer.body.contains("{server}"));
}

#[tokio::test]
async fn hello_is_plain_text_without_newline() {
    let answer = send(get("/hello")).await;
    assert_text(&answer, StatusCode::OK, "Hello");
    assert_eq!(answer.content_length.as_deref(), Some("5"));
}

#[tokio::test]
async fn head_hello_has_the_get_headers_and_no_body() {
    let request = Request::head("/hello").body(Body::empty()).unwrap();
    let answer = send(request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type.as_deref(), Some(TEXT));
    // axum sets Content-Length from the GET body before dropping it.
    assert_eq!(answer.content_length.as_deref(), Some("5"));
    assert_eq!(answer.body, "");
}

#[tokio::test]
async fn head_index_has_no_body() {
    let request = Request::head("/").body(Body::empty()).unwrap();
    let answer = send(request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(answer.body, "");
}

#[tokio::test]
async fn api_get_echoes_the_query_as_text() {
    let cases = [
        ("/api", "GET request received with parameters:\n"),
        ("/api?", "GET request received with parameters:\n"),
        (
            "/api?name=knsock&city=Z%C3%BCrich",
            "GET request received with parameters:\nname = knsock\ncity = Zürich\n",
        ),
        (
            "/api?note=a+b%2Bc",
            "GET request received with parameters:\nnote = a b+c\n",
        ),
        (
            "/api?a=1&a=2&b=",
            "GET request received with parameters:\na = 1\na = 2\nb = \n",
        ),
        (
            "/api?flag",
            "GET request received with parameters:\nflag = \n",
        ),
    ];
    for (uri, body) in cases {
        assert_text(&send(get(uri)).await, StatusCode::OK, body);
    }
}

#[tokio::test]
async fn api_get_answers_json_when_asked() {
    let answer = send(get_accepting(
        "/api?name=value&a=b&a=%C3%BC+x",
        "application/json",
    ))
    .await;
    assert_json(
        &answer,
        r#"{"method":"GET","params":[["name","value"],["a","b"],["a","ü x"]]}"#,
    );

    let answer = send(get_accepting("/api", "text/html, Application/JSON;q=0.5")).await;
    assert_json(&answer, r#"{"method":"GET","params":[]}"#);
}

#[tokio::test]
async fn api_get_with_json_refused_by_q_zero_is_text() {
    for accept in [
        "application/json;q=0",
        "application/json; q=0.0",
        "text/plain",
        "*/*",
    ] {
        let answer = send(get_accepting("/api?x=1", accept)).await;
        assert_text(
            &answer,
            StatusCode::OK,
            "GET request received with parameters:\nx = 1\n",
        );
    }
}

#[tokio::test]
async fn api_post_echoes_the_form_body() {
    let answer = send(post_form("/api", "name=knsock&note=a+%26+b+%3D+c&a=1&a=2")).await;
    assert_text(
        &answer,
        StatusCode::OK,
        "POST request received with parameters:\nname = knsock\nnote = a & b = c\na = 1\na = 2\n",
    );

    let answer = send(post_form("/api", "")).await;
    assert_text(
        &answer,
        StatusCode::OK,
        "POST request received with parameters:\n",
    );
}

#[tokio::test]
async fn api_post_reads_the_body_not_the_query() {
    let answer = send(post_form("/api?ignored=1", "x=%C3%BC")).await;
    assert_text(
        &answer,
        StatusCode::OK,
        "POST request received with parameters:\nx = ü\n",
    );
}

#[tokio::test]
async fn api_post_accepts_a_charset_parameter() {
    let request = Request::post("/api")
        .header(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(Body::from("k=v"))
        .unwrap();
    assert_text(
        &send(request).await,
        StatusCode::OK,
        "POST request received with parameters:\nk = v\n",
    );
}

#[tokio::test]
async fn api_post_answers_json_when_asked() {
    let request = Request::post("/api")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from("name=value&a=b"))
        .unwrap();
    assert_json(
        &send(request).await,
        r#"{"method":"POST","params":[["name","value"],["a","b"]]}"#,
    );
}

#[tokio::test]
async fn api_post_without_a_form_content_type_is_415() {
    const BODY: &str = "415 Unsupported Media Type: POST /api needs Content-Type: \
                        application/x-www-form-urlencoded\n";

    let text_plain = Request::post("/api")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("x=1"))
        .unwrap();
    assert_text(
        &send(text_plain).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        BODY,
    );

    let missing = Request::post("/api").body(Body::from("x=1")).unwrap();
    assert_text(
        &send(missing).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        BODY,
    );
}

#[tokio::test]
async fn api_post_over_the_body_limit_is_413() {
    // The limit is 1 MiB, as socket_api's --max-body; one byte more is a rejection.
    let big = "x".repeat(framework_api::DEFAULT_MAX_BODY + 1);
    let request = Request::post("/api")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(big))
        .unwrap();
    let answer = send(request).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{answer:?}");
    assert_eq!(answer.content_type.as_deref(), Some(TEXT));
    assert!(
        answer.body.starts_with("413 Payload Too Large: ") && answer.body.ends_with('\n'),
        "{answer:?}"
    );
    // Exactly the limit is fine.
    let request = Request::post("/api")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("x".repeat(framework_api::DEFAULT_MAX_BODY)))
        .unwrap();
    assert_eq!(send(request).await.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_method_is_405_with_allow() {
    let cases = [
        (
            Method::DELETE,
            "/hello",
            "GET, HEAD",
            "405 Method Not Allowed: DELETE /hello accepts GET, HEAD\n",
        ),
        (
            Method::POST,
            "/",
            "GET, HEAD",
            "405 Method Not Allowed: POST / accepts GET, HEAD\n",
        ),
        (
            Method::PUT,
            "/api",
            "GET, HEAD, POST",
            "405 Method Not Allowed: PUT /api accepts GET, HEAD, POST\n",
        ),
        (
            Method::PATCH,
            "/api?x=1",
            "GET, HEAD, POST",
            "405 Method Not Allowed: PATCH /api accepts GET, HEAD, POST\n",
        ),
    ];
    for (method, uri, allow, body) in cases {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        let answer = send(request).await;
        assert_text(&answer, StatusCode::METHOD_NOT_ALLOWED, body);
        assert_eq!(answer.allow.as_deref(), Some(allow), "{answer:?}");
    }
}

#[tokio::test]
async fn unknown_path_is_404_without_the_query() {
    assert_text(
        &send(get("/nope?x=1")).await,
        StatusCode::NOT_FOUND,
        "404 Not Found: no route for GET /nope\n",
    );
    // Paths match exactly: no trailing-slash or case folding.
    assert_text(
        &send(get("/hello/")).await,
        StatusCode::NOT_FOUND,
        "404 Not Found: no route for GET /hello/\n",
    );
    let delete = Request::delete("/Hello").body(Body::empty()).unwrap();
    assert_text(
        &send(delete).await,
        StatusCode::NOT_FOUND,
        "404 Not Found: no route for DELETE /Hello\n",
    );
}

#[tokio::test]
async fn head_of_404_and_405_has_no_body() {
    let answer = send(Request::head("/nope").body(Body::empty()).unwrap()).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.body, "");

    // HEAD is accepted wherever GET is, so a 405 for HEAD needs a POST-only
    // path, which this table does not have. HEAD on /api is a 200.
    let answer = send(Request::head("/api?x=1").body(Body::empty()).unwrap()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type.as_deref(), Some(TEXT));
    assert_eq!(answer.body, "");
}
