//! Base64 (RFC 4648 §4): any bytes as text, for a JSON field.
//!
//! JSON strings hold text, and a request body may be any bytes (an image,
//! or text in a broken encoding). `/mirror` shows such a body as base64:
//! every 3 bytes (24 bits) become 4 characters of 6 bits each, from an
//! alphabet of 64 that survives any text channel, with `=` padding the end
//! to a multiple of 4:
//!
//! ```text
//! bytes   'M'      'a'      'n'
//! bits    01001101 01100001 01101110
//! 6-bit   010011 010110 000101 101110
//! index   19     22     5      46
//! text    T      W      F      u
//! ```
//!
//! Hand-written here because it is twenty lines; a production server would
//! use the `base64` crate, which is also much faster.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// ANCHOR: encode
/// `bytes` in standard base64, padded with `=`.
///
/// ```
/// assert_eq!(wire::base64::encode(b"Man"), "TWFu");
/// assert_eq!(wire::base64::encode(&[0xff, 0xfe]), "//4=");
/// ```
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        // Three bytes (missing ones as zero) in the low 24 bits.
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let bits = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        // n bytes fill n + 1 characters; the rest of the four are padding.
        for i in 0..4 {
            if i <= group.len() {
                let index = (bits >> (18 - 6 * i)) & 0x3f;
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
// ANCHOR_END: encode

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_test_vectors() {
        // RFC 4648 §10.
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(encode(input.as_bytes()), *expected, "{input:?}");
        }
    }

    #[test]
    fn every_byte_value() {
        let all: Vec<u8> = (0..=255).collect();
        let encoded = encode(&all);
        assert_eq!(encoded.len(), 344);
        assert!(encoded.starts_with("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g"));
        assert!(encoded.ends_with("+fr7/P3+/w=="));
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
    }
}
