//! A file's media type from its extension, for `Content-Type` (RFC 9110 §8.3).
//!
//! HTTP says what a body is with a media type, not a file name: a browser
//! runs `text/javascript` as a script and shows `image/png` as a picture,
//! whatever the URL ends with. A static file server has only the name to go
//! on, so it keeps a table from extension to type. Text types say their
//! character set, or a browser guesses it (often wrongly, for `ü`).
//!
//! Unknown extensions get `application/octet-stream`: "some bytes", which a
//! browser downloads rather than runs. A server must never guess `text/html`
//! for a file it does not know, or an uploaded `.txt` full of `<script>`
//! becomes a page on its origin. Production servers send
//! `X-Content-Type-Options: nosniff` too, so browsers do not guess either;
//! their tables (nginx's `mime.types`, the `mime_guess` crate that
//! tower-http uses) hold hundreds of entries where this one holds a few.

/// The type of bytes nothing more is known about.
pub const OCTET_STREAM: &str = "application/octet-stream";

// ANCHOR: table
/// Extension (lower case) to media type. Text types carry their charset.
const TYPES: &[(&str, &str)] = &[
    ("html", "text/html; charset=utf-8"),
    ("htm", "text/html; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    // RFC 9239: text/javascript is the one to use, not application/javascript.
    ("js", "text/javascript; charset=utf-8"),
    ("mjs", "text/javascript; charset=utf-8"),
    ("json", "application/json"),
    ("txt", "text/plain; charset=utf-8"),
    ("md", "text/markdown; charset=utf-8"),
    ("csv", "text/csv; charset=utf-8"),
    ("xml", "application/xml"),
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("avif", "image/avif"),
    ("ico", "image/x-icon"),
    ("mp4", "video/mp4"),
    ("webm", "video/webm"),
    ("mp3", "audio/mpeg"),
    ("ogg", "audio/ogg"),
    ("wav", "audio/wav"),
    ("wasm", "application/wasm"),
    ("pdf", "application/pdf"),
    ("zip", "application/zip"),
    ("gz", "application/gzip"),
    ("woff", "font/woff"),
    ("woff2", "font/woff2"),
    ("ttf", "font/ttf"),
    ("otf", "font/otf"),
];
// ANCHOR_END: table

// ANCHOR: content_type
/// The `Content-Type` for a file called `name`, by the extension after its
/// last dot, in any case. No extension, or an unknown one, gives
/// [`OCTET_STREAM`]; so does a name that is only an extension (`.css`
/// is a hidden file with no extension, as on Unix).
///
/// ```
/// use wire::mime::content_type;
///
/// assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
/// assert_eq!(content_type("Photo.JPG"), "image/jpeg");
/// assert_eq!(content_type("archive.tar.unknown"), "application/octet-stream");
/// ```
pub fn content_type(name: &str) -> &'static str {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return OCTET_STREAM;
    };
    if stem.is_empty() {
        return OCTET_STREAM;
    }
    TYPES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(extension))
        .map_or(OCTET_STREAM, |(_, media_type)| media_type)
}
// ANCHOR_END: content_type

// ANCHOR: is_compressible
/// Is a response of this type worth compressing? Text is; images, video,
/// fonts and archives are compressed already, and gzip would only cost time.
/// `image/svg+xml` is text, despite its `image/`.
///
/// ```
/// assert!(wire::mime::is_compressible("text/css; charset=utf-8"));
/// assert!(!wire::mime::is_compressible("image/png"));
/// ```
pub fn is_compressible(content_type: &str) -> bool {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    media.starts_with("text/")
        || matches!(
            media.as_str(),
            "application/json" | "application/xml" | "image/svg+xml" | "application/wasm"
        )
}
// ANCHOR_END: is_compressible

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_table() {
        let cases: &[(&str, &str)] = &[
            ("index.html", "text/html; charset=utf-8"),
            ("site.css", "text/css; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("data.json", "application/json"),
            ("notes.txt", "text/plain; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("logo.png", "image/png"),
            ("photo.jpg", "image/jpeg"),
            ("photo.jpeg", "image/jpeg"),
            ("PHOTO.JPEG", "image/jpeg"),
            ("anim.gif", "image/gif"),
            ("pic.webp", "image/webp"),
            ("favicon.ico", "image/x-icon"),
            ("clip.mp4", "video/mp4"),
            ("clip.webm", "video/webm"),
            ("module.wasm", "application/wasm"),
            ("paper.pdf", "application/pdf"),
            ("font.woff2", "font/woff2"),
            ("feed.xml", "application/xml"),
            ("archive.tar.gz", "application/gzip"),
            ("Makefile", OCTET_STREAM),
            ("page.html.bak", OCTET_STREAM),
            (".css", OCTET_STREAM),
            ("trailing.", OCTET_STREAM),
            ("", OCTET_STREAM),
        ];
        for (name, expected) in cases {
            assert_eq!(content_type(name), *expected, "{name:?}");
        }
    }

    #[test]
    fn compressible_types() {
        for (media_type, expected) in [
            ("text/html; charset=utf-8", true),
            ("Text/Plain", true),
            ("application/json", true),
            ("image/svg+xml", true),
            ("image/png", false),
            ("video/mp4", false),
            ("font/woff2", false),
            (OCTET_STREAM, false),
        ] {
            assert_eq!(is_compressible(media_type), expected, "{media_type}");
        }
    }
}
