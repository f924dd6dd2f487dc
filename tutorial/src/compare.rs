//! What differs between two answers to the same request.
//!
//! Both servers answer the same route table, and the parity test proves that
//! status, `Content-Type`, `Allow` and body agree. Everything else may differ,
//! and seeing how is the lesson: HTTP/1.1 field names are case-insensitive
//! (RFC 9110 §5.1), their order carries no meaning except among fields of the
//! same name (RFC 9110 §5.3), and `Date` is a clock reading.

use std::collections::BTreeSet;

use wire::ResponseHead;

/// One way two responses differ.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// The status codes differ.
    Status { left: u16, right: u16 },
    /// The same field, written with different letter case.
    NameCase { left: String, right: String },
    /// Both have the same fields, in a different order.
    Order {
        left: Vec<String>,
        right: Vec<String>,
    },
    /// A field only one of them sent.
    OnlyIn {
        server: String,
        name: String,
        value: String,
    },
    /// The same field with different values.
    Value {
        name: String,
        left: String,
        right: String,
    },
    /// The bodies differ.
    Body,
}

/// Compares `left`'s answer with `right`'s. `left_name`/`right_name` name
/// the servers in the result.
pub fn compare(
    left_name: &str,
    left: (&ResponseHead, &[u8]),
    right_name: &str,
    right: (&ResponseHead, &[u8]),
) -> Vec<Difference> {
    let mut found = Vec::new();
    let (left_head, right_head) = (left.0, right.0);
    if left_head.status != right_head.status {
        found.push(Difference::Status {
            left: left_head.status,
            right: right_head.status,
        });
    }
    for l in left_head.headers.iter() {
        match right_head
            .headers
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(&l.name))
        {
            Some(r) => {
                if r.name != l.name {
                    found.push(Difference::NameCase {
                        left: l.name.clone(),
                        right: r.name.clone(),
                    });
                }
                if r.value != l.value {
                    found.push(Difference::Value {
                        name: l.name.clone(),
                        left: l.value.clone(),
                        right: r.value.clone(),
                    });
                }
            }
            None => found.push(Difference::OnlyIn {
                server: left_name.to_string(),
                name: l.name.clone(),
                value: l.value.clone(),
            }),
        }
    }
    for r in right_head.headers.iter() {
        if left_head.headers.get(&r.name).is_none() {
            found.push(Difference::OnlyIn {
                server: right_name.to_string(),
                name: r.name.clone(),
                value: r.value.clone(),
            });
        }
    }
    let order = |head: &ResponseHead, other: &ResponseHead| -> Vec<String> {
        head.headers
            .iter()
            .filter(|h| other.headers.get(&h.name).is_some())
            .map(|h| h.name.to_ascii_lowercase())
            .collect()
    };
    let (left_order, right_order) = (order(left_head, right_head), order(right_head, left_head));
    if left_order != right_order {
        found.push(Difference::Order {
            left: left_order,
            right: right_order,
        });
    }
    if left.1 != right.1 {
        found.push(Difference::Body);
    }
    found
}

/// The differences seen over a whole tour, each kind said once, in words.
pub fn summarise(left_name: &str, right_name: &str, all: &[Difference]) -> Vec<String> {
    let mut lines = BTreeSet::new();
    let mut case_pairs = BTreeSet::new();
    for difference in all {
        match difference {
            Difference::Status { left, right } => {
                lines.insert(format!(
                    "status: {left_name} said {left}, {right_name} said {right}"
                ));
            }
            Difference::NameCase { left, right } => {
                case_pairs.insert(format!("{left} / {right}"));
            }
            Difference::Order { left, right } => {
                lines.insert(format!(
                    "header order: {left_name} sends {}; {right_name} sends {}. Order carries no meaning between different fields (RFC 9110 §5.3).",
                    left.join(", "),
                    right.join(", ")
                ));
            }
            Difference::OnlyIn {
                server,
                name,
                value,
            } => {
                lines.insert(format!("only {server} sent `{name}: {value}`"));
            }
            Difference::Value { name, .. } if name.eq_ignore_ascii_case("date") => {
                lines.insert(
                    "Date: both send it (RFC 9110 §6.6.1); the values are clock readings and differ when a second ticks over between the two answers.".to_string(),
                );
            }
            Difference::Value { name, left, right } => {
                lines.insert(format!(
                    "`{name}`: {left_name} sent {left:?}, {right_name} sent {right:?}"
                ));
            }
            Difference::Body => {
                lines.insert("bodies differ".to_string());
            }
        }
    }
    if !case_pairs.is_empty() {
        lines.insert(format!(
            "header name case ({left_name} / {right_name}): {}. hyper writes names in lower case; field names are case-insensitive (RFC 9110 §5.1), and HTTP/2 requires lower case.",
            case_pairs.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    lines.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::head::{HeadLimits, Parsed, parse_response_head};

    fn head(bytes: &[u8]) -> ResponseHead {
        match parse_response_head(bytes, HeadLimits::default()) {
            Ok(Parsed::Complete { head, .. }) => head,
            other => panic!("test head did not parse: {other:?}"),
        }
    }

    #[test]
    fn finds_case_order_value_and_missing_fields() {
        let a = head(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nDate: a\r\nX-Only: 1\r\n\r\n");
        let b = head(
            b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-type: text/plain\r\ndate: b\r\n\r\n",
        );
        let found = compare("a", (&a, b"Hello"), "b", (&b, b"Hello"));
        assert!(found.contains(&Difference::NameCase {
            left: "Content-Type".into(),
            right: "content-type".into()
        }));
        assert!(found.contains(&Difference::Value {
            name: "Date".into(),
            left: "a".into(),
            right: "b".into()
        }));
        assert!(found.contains(&Difference::OnlyIn {
            server: "a".into(),
            name: "X-Only".into(),
            value: "1".into()
        }));
        assert!(found.iter().any(|d| matches!(d, Difference::Order { .. })));
        assert!(!found.contains(&Difference::Body));
        let summary = summarise("a", "b", &found);
        assert!(
            summary.iter().any(|l| l.starts_with("header name case")),
            "{summary:?}"
        );
    }

    #[test]
    fn identical_answers_have_no_differences() {
        let a = head(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        assert!(compare("a", (&a, b""), "b", (&a, b"")).is_empty());
    }
}
