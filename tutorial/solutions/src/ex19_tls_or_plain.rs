//! Exercise 19: TLS or plain HTTP, from the first bytes.

use exercises::FirstBytes;

use crate::is_tchar;

pub fn sniff(first: &[u8]) -> FirstBytes {
    match first {
        [] => FirstBytes::NeedMore,
        [0x16] | [0x16, 0x03] => FirstBytes::NeedMore,
        [0x16, 0x03, 0x00..=0x04, ..] => FirstBytes::Tls,
        [0x16, ..] => FirstBytes::Neither,
        _ => {
            let method = first.iter().take_while(|&&b| is_tchar(b)).count();
            match first.get(method) {
                Some(b' ') if method > 0 => FirstBytes::PlainHttp,
                None => FirstBytes::NeedMore,
                Some(_) => FirstBytes::Neither,
            }
        }
    }
}
