//! `/status/{code}`, any method: answer with the status asked for.
//!
//! The codes are `wire`'s table ([`wire::StatusCode::reason`]): a code it
//! names is known, any other is refused. The body is `{code} {reason}\n`,
//! so a client that hides the status line still shows what came.
//!
//! The rules applied (RFC 9110 §15):
//! - 204 and 304 have no body, and so no `Content-Length` and no
//!   `Content-Type`: the connection's machine leaves them off by itself
//!   ([`wire::server::response::may_have_body`]);
//! - 1xx is refused with 400: an interim response comes before a final
//!   one and cannot be the answer itself;
//! - 401 says how to authenticate (`WWW-Authenticate`), 405 says which
//!   methods are allowed (`Allow`): a server must send them with those codes;
//! - anything else, a code outside the table or not a number, is 400.

use wire::StatusCode;

use crate::response::Body;
use crate::{Request, Response};

// ANCHOR: status
/// The handler.
pub fn status(request: &Request) -> Response {
    let code = request.param("code").unwrap_or_default();
    let known = code
        .parse::<u16>()
        .ok()
        .and_then(StatusCode::from_u16)
        .filter(|status| !status.reason().is_empty());
    let Some(status) = known else {
        return Response::error(
            StatusCode::BAD_REQUEST,
            &format!(
                "{code} is not a status this server knows (see /status/200 and ROUTES.md for the list)"
            ),
        );
    };
    let (number, reason) = (status.as_u16(), status.reason());
    if number < 200 {
        return Response::error(
            StatusCode::BAD_REQUEST,
            &format!(
                "{number} {reason} is an interim (1xx) response: it comes before a final one and cannot be the answer"
            ),
        );
    }
    match number {
        // No body at all, and so nothing to describe: no Content-Type.
        204 | 304 => Response {
            status,
            headers: Vec::new(),
            body: Body::Full(Vec::new()),
        },
        401 => Response::text(status, format!("{status}\n"))
            .with_header("WWW-Authenticate", "Basic realm=\"status\""),
        405 => Response::text(status, format!("{status}\n")).with_header("Allow", "GET, HEAD"),
        _ => Response::text(status, format!("{status}\n")),
    }
}
// ANCHOR_END: status
