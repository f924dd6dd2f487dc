//! ex18_redirect: every redirect status, every common method, absolute and
//! path-only locations.

use exercises::NextRequest;

use crate::check::failure::expect_eq;
use crate::check::{Context, Failure};

/// The rules of RFC 9110 §15.4, as `raw_client::redirect` follows them.
fn expected(method: &str, url: &str, status: u16, location: Option<&str>) -> Option<NextRequest> {
    let next = raw_client::redirect::next_request(status, method)?;
    let location = location?;
    let url = if location.starts_with('/') {
        let origin_end = url.find("://").map_or(0, |i| i + 3);
        let path_start = url[origin_end..]
            .find('/')
            .map_or(url.len(), |i| origin_end + i);
        format!("{}{location}", &url[..path_start])
    } else {
        location.to_string()
    };
    Some(NextRequest {
        method: next.method,
        url,
    })
}

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let next_request = context.implementation.ex18_redirect;
    let fixed = [
        (
            "302 after a POST: GET",
            "POST",
            "http://h/form",
            302,
            Some("/done"),
        ),
        (
            "303 after a POST: GET",
            "POST",
            "http://h/form",
            303,
            Some("http://other:8080/x"),
        ),
        (
            "303 after a HEAD stays HEAD",
            "HEAD",
            "http://h/a",
            303,
            Some("/b"),
        ),
        (
            "307 keeps POST",
            "POST",
            "http://h/form",
            307,
            Some("/again"),
        ),
        (
            "301 keeps PUT",
            "PUT",
            "http://h:81/a?x=1",
            301,
            Some("/b?y=2"),
        ),
        (
            "304 is not a redirect to follow",
            "GET",
            "http://h/a",
            304,
            Some("/b"),
        ),
        (
            "a 3xx without Location is not followed",
            "GET",
            "http://h/a",
            302,
            None,
        ),
        (
            "200 is not a redirect",
            "GET",
            "http://h/a",
            200,
            Some("/b"),
        ),
    ];
    for (case, method, url, status, location) in fixed {
        let input = || format!("{method} {url}, then {status} with Location {location:?}");
        expect_eq(
            case,
            input,
            expected(method, url, status, location),
            next_request(method, url, status, location),
        )?;
    }
    let rng = &mut context.rng;
    for n in 1..=200 {
        let method = *rng.pick(&["GET", "POST", "HEAD", "PUT", "DELETE"]);
        let status = *rng.pick(&[200, 300, 301, 302, 303, 304, 307, 308, 404]);
        let url = format!(
            "http://{}.example:{}/{}?{}",
            rng.word().to_lowercase(),
            rng.between(1, 65535),
            rng.word(),
            rng.word()
        );
        let location = match rng.below(4) {
            0 => None,
            1 => Some(format!(
                "https://{}.test/{}",
                rng.word().to_lowercase(),
                rng.word()
            )),
            _ => Some(format!("/{}?{}=1", rng.word(), rng.word())),
        };
        let location = location.as_deref();
        let input = || format!("{method} {url}, then {status} with Location {location:?}");
        let case = format!("random redirect #{n}");
        expect_eq(
            &case,
            input,
            expected(method, &url, status, location),
            next_request(method, &url, status, location),
        )?;
    }
    Ok(())
}
