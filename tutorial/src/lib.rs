//! # tutorial: the tour, the demos and the checker
//!
//! `cargo run -p tutorial` starts both servers in this process, each on a
//! free port, sends each the same requests through the raw clients'
//! libraries, prints every exchange with its `\r\n` made visible, and ends
//! with the differences it found between the two answers. The book
//! (`tutorial/book/`) runs a demo from here in each chapter, and its
//! exercises are graded by the checker.
//!
//! | module      | what it holds                                                          |
//! |-------------|------------------------------------------------------------------------|
//! | [`tour`]    | the steps of the tour and how an exchange is printed                   |
//! | [`compare`] | what differs between two responses: header case, order, values, body   |
//! | [`demos`]   | the book's demos, one per chapter: `cargo run -p tutorial -- <demo>`    |
//! | [`diagrams`] | the book's SVG pictures, drawn from real exchanges: `-- diagrams`     |
//! | [`conformance`] | the RFC 9110/9112 conformance table, run against both servers |
//! | [`bench`](mod@bench) | `-- bench`: both servers, axum and nginx under wrk, and idle connections |
//! | [`parity`]  | the one list of raw requests both servers must answer alike, and the   |
//! |             | differences that are allowed, with why                                 |
//! | [`check`]   | the exercises' checker: `cargo run -p tutorial -- check [EXERCISE]`     |

pub mod bench;
pub mod check;
pub mod compare;
pub mod conformance;
pub mod demos;
pub mod diagrams;
pub mod parity;
pub mod tour;
