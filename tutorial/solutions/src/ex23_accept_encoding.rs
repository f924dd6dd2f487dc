//! Exercise 23: gzip, identity or neither, from `Accept-Encoding`.

use exercises::Encoding;

/// A qvalue in thousandths (`0.5` is 500), or `None` if it is not one.
/// Integers, not floats: `0.001` stays exact.
fn qvalue(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Every element with a valid quality: (coding in lower case, quality).
fn elements(values: &[&str]) -> Vec<(String, u16)> {
    let mut found = Vec::new();
    for element in values.iter().flat_map(|v| v.split(',')) {
        let mut parts = element.split(';');
        let mut coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        if coding.is_empty() {
            continue;
        }
        if coding == "x-gzip" {
            coding = "gzip".into();
        }
        let mut quality = Some(1000);
        for param in parts {
            if let Some((name, value)) = param.split_once('=') {
                if name.trim().eq_ignore_ascii_case("q") {
                    quality = qvalue(value.trim());
                }
            }
        }
        if let Some(quality) = quality {
            found.push((coding, quality));
        }
    }
    found
}

pub fn choose_encoding(values: &[&str]) -> Encoding {
    let elements = elements(values);
    let quality = |coding: &str| {
        let named = elements.iter().find(|(name, _)| name == coding);
        let star = elements.iter().find(|(name, _)| name == "*");
        named.or(star).map(|(_, q)| *q)
    };
    let gzip = quality("gzip").unwrap_or(0);
    match quality("identity") {
        _ if gzip == 0 => {}
        None => return Encoding::Gzip,
        Some(identity) if gzip >= identity => return Encoding::Gzip,
        Some(_) => {}
    }
    if quality("identity") == Some(0) {
        Encoding::NotAcceptable
    } else {
        Encoding::Identity
    }
}
