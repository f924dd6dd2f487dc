//! reqwest, an independent client, against both servers: what a real
//! client library sees must be the same from either.

#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;

async fn check(addr: SocketAddr) {
    // reqwest's rustls has no provider of its own here: ring.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    let base = format!("http://{addr}");

    let hello = client.get(format!("{base}/hello")).send().await.unwrap();
    assert_eq!(hello.status(), 200);
    assert_eq!(hello.headers()["content-type"], "text/plain; charset=utf-8");
    assert!(hello.headers().contains_key("date"));
    assert_eq!(hello.text().await.unwrap(), "Hello");

    let get = client
        .get(format!("{base}/api?name=kn+sock&city=Z%C3%BCrich"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        get.text().await.unwrap(),
        "GET request received with parameters:\nname = kn sock\ncity = Zürich\n"
    );

    // Issue 9's routes, as a real client library meets them.
    let chain = client
        .get(format!("{base}/redirect/3"))
        .send()
        .await
        .unwrap();
    assert_eq!(chain.status(), 200, "reqwest followed three 302s");
    assert_eq!(chain.url().path(), "/hello");
    let echo = client
        .get(format!("{base}/echo/h%C3%A9llo"))
        .send()
        .await
        .unwrap();
    assert_eq!(echo.text().await.unwrap(), "héllo");
    let stream = client
        .get(format!("{base}/stream?n=3&delay_ms=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.content_length(), None, "chunked: no length up front");
    assert_eq!(
        stream.text().await.unwrap(),
        "line 1 of 3\nline 2 of 3\nline 3 of 3\n"
    );
    let range = client
        .get(format!("{base}/static/style.css"))
        .header("range", "bytes=0-9")
        .send()
        .await
        .unwrap();
    assert_eq!(range.status(), 206);
    assert_eq!(range.text().await.unwrap().len(), 10);
    let empty = client
        .get(format!("{base}/status/204"))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 204);
    assert_eq!(empty.text().await.unwrap(), "");

    let json = client
        .get(format!("{base}/api?a=1&a=2"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(json.headers()["content-type"], "application/json");
    let value: serde_json::Value = serde_json::from_str(&json.text().await.unwrap()).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"method": "GET", "params": [["a", "1"], ["a", "2"]]})
    );

    let post = client
        .post(format!("{base}/api"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("note=a+%26+b")
        .send()
        .await
        .unwrap();
    assert_eq!(
        post.text().await.unwrap(),
        "POST request received with parameters:\nnote = a & b\n"
    );

    let unsupported = client
        .post(format!("{base}/api"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(unsupported.status(), 415);

    let missing = client.get(format!("{base}/nope")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.text().await.unwrap(),
        "404 Not Found: no route for GET /nope\n"
    );

    let wrong = client.delete(format!("{base}/api")).send().await.unwrap();
    assert_eq!(wrong.status(), 405);
    assert_eq!(wrong.headers()["allow"], "GET, HEAD, POST");

    let head = client.head(format!("{base}/hello")).send().await.unwrap();
    assert_eq!(head.headers()["content-length"], "5");
    assert_eq!(head.bytes().await.unwrap().len(), 0);

    // reqwest keeps connections alive: many requests in a row on few connections.
    for i in 0..20 {
        let r = client
            .get(format!("{base}/api?i={i}"))
            .send()
            .await
            .unwrap();
        assert!(r.text().await.unwrap().ends_with(&format!("i = {i}\n")));
    }
}

#[tokio::test]
async fn reqwest_against_both_servers() {
    let any = "127.0.0.1:0".parse().unwrap();
    // Both servers run on threads of their own; this test's runtime only drives reqwest.
    let socket = socket_api::Running::start(any, socket_api::Config::default()).unwrap();
    let events = socket_api::Running::start(
        any,
        socket_api::Config {
            io: socket_api::Io::Events,
            ..socket_api::Config::default()
        },
    )
    .unwrap();
    let framework = framework_api::Running::start(any).unwrap();
    check(socket.addr()).await;
    check(events.addr()).await;
    check(framework.addr()).await;
    tokio::task::spawn_blocking(move || {
        socket.shutdown().unwrap();
        events.shutdown().unwrap();
        framework.shutdown().unwrap();
    })
    .await
    .unwrap();
}

/// reqwest over HTTPS, trusting the CA each server makes with
/// `--tls-self-signed`: the same answers inside TLS.
#[test]
fn reqwest_over_https_with_the_self_signed_ca() {
    let dir = std::env::temp_dir().join(format!("reqwest-https-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let any = "127.0.0.1:0".parse().unwrap();
    let socket_ca = dir.join("socket_api-ca.pem");
    let socket = socket_api::Running::start(
        any,
        socket_api::Config {
            tls: Some(socket_api::tls::self_signed(&socket_ca).unwrap()),
            ..socket_api::Config::default()
        },
    )
    .unwrap();
    let events_ca = dir.join("socket_api-events-ca.pem");
    let events = socket_api::Running::start(
        any,
        socket_api::Config {
            tls: Some(socket_api::tls::self_signed(&events_ca).unwrap()),
            io: socket_api::Io::Events,
            ..socket_api::Config::default()
        },
    )
    .unwrap();
    let framework_ca = dir.join("framework_api-ca.pem");
    let framework = framework_api::Running::start_tls(
        any,
        framework_api::Config::default(),
        framework_api::tls::self_signed(&framework_ca).unwrap(),
    )
    .unwrap();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // A rustls client config (ring) trusting `roots` only.
    let trusting = |roots: rustls::RootCertStore| {
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .build()
            .unwrap()
    };
    for (port, ca) in [
        (socket.addr().port(), &socket_ca),
        (events.addr().port(), &events_ca),
        (framework.addr().port(), &framework_ca),
    ] {
        let pem = std::fs::read(ca).unwrap();
        let mut roots = rustls::RootCertStore::empty();
        for cert in rustls_pki_types::pem::PemObject::pem_slice_iter(&pem) {
            roots.add(cert.unwrap()).unwrap();
        }
        let url = format!("https://localhost:{port}/hello");
        let body = runtime.block_on(async {
            let answer = trusting(roots).get(&url).send().await.unwrap();
            assert_eq!(answer.status(), 200, "{url}");
            answer.text().await.unwrap()
        });
        assert_eq!(body, "Hello", "{url}");
        // Trusting nothing: refused.
        let refused = runtime.block_on(trusting(rustls::RootCertStore::empty()).get(&url).send());
        assert!(refused.is_err(), "{url}");
    }
    socket.shutdown().unwrap();
    events.shutdown().unwrap();
    framework.shutdown().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}
