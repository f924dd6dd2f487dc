//! Exercise 1: where the request head ends.

pub fn head_end(buf: &[u8]) -> Option<usize> {
    // The FIRST blank line ends the head: a body may well contain another.
    buf.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|start| start + 4)
}
