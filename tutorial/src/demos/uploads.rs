//! Chapter 16, `uploads`: `multipart/form-data`, saved inside a folder.
//!
//! One form, built by `post_client`'s multipart builder (a text field and
//! two files, one of them called `../../evil.txt`), posted to both
//! servers, each with an upload folder of its own in a temporary folder.
//! Each answers JSON (name, filename, content_type, size, sha256 per part),
//! and the files are listed where they landed: inside the folder, under a
//! sanitised name. Then the question "why not save it under the name it
//! came with?": a NAIVE saver joins the name to the folder, and the file
//! lands two folders up.

use std::io::Write;
use std::path::{Path, PathBuf};

use post_client::body::Body;
use post_client::multipart::{self, Part};
use wire::HttpUrl;

use super::{DemoResult, Servers, TempDir, WAIT, ask, head_bytes, show, step};
use crate::tour::indent;

pub const ABOUT: &str =
    "a multipart upload with a hostile file name: JSON per part, files kept inside the folder";

/// The form: a field, a file, and a file whose name tries to climb out.
fn parts() -> Vec<Part> {
    vec![
        Part {
            name: "city".into(),
            filename: None,
            content_type: None,
            data: "Zürich".into(),
        },
        Part {
            name: "upload".into(),
            filename: Some("notes.txt".into()),
            content_type: Some("text/plain".into()),
            data: b"hello\n".to_vec(),
        },
        Part {
            name: "upload".into(),
            filename: Some("../../evil.txt".into()),
            content_type: Some("text/plain".into()),
            data: b"I got out\n".to_vec(),
        },
    ]
}

/// Every file under `root`, as paths relative to it, sorted.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                found.push(relative.to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// Where each file under `root` is, said relative to `folder` (the upload folder).
fn landed(out: &mut dyn Write, root: &Path, folder: &Path) -> std::io::Result<()> {
    let inside = folder.strip_prefix(root).unwrap_or(folder);
    for file in files_under(root) {
        let content = std::fs::read(root.join(&file)).unwrap_or_default();
        writeln!(
            out,
            "    {:<24} {:<14} {}",
            file.display(),
            format!("{:?}", String::from_utf8_lossy(&content)),
            if file.starts_with(inside) {
                "inside the upload folder"
            } else {
                "OUTSIDE the upload folder"
            }
        )?;
    }
    Ok(())
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    let parts = parts();
    // A fixed seed: the same boundary every run, so the bytes can be read twice.
    let boundary = multipart::boundary(&parts, 16);
    let body = Body {
        content_type: multipart::content_type(&boundary),
        accept: "*/*",
        bytes: multipart::encode(&parts, &boundary),
    };

    // Each server gets `<temp>/<server>/site/uploads/`: `../../evil.txt`
    // from there, taken as a path, would be `<temp>/<server>/evil.txt`.
    let temp = TempDir::new("uploads")?;
    let socket_dir = temp.join("socket_api/site/uploads");
    let framework_dir = temp.join("framework_api/site/uploads");
    let socket = socket_api::Config {
        upload_dir: socket_dir.clone(),
        ..socket_api::Config::default()
    };
    let framework = framework_api::Config {
        upload_dir: framework_dir.clone(),
        ..framework_api::Config::default()
    };
    let servers = Servers::start_with(socket, framework)?;
    let mut shown = false;
    for ((name, addr), folder) in servers.each().into_iter().zip([socket_dir, framework_dir]) {
        let url = HttpUrl::parse(&format!("http://{addr}/upload"))?;
        let request = post_client::request_bytes("POST", &url, Some(&body), &[]);
        if !shown {
            step(out, "The request post_client's builder wrote")?;
            show(out, "POST /upload", &request)?;
            shown = true;
        }
        step(out, &format!("{name}, --upload-dir {}", folder.display()))?;
        let reply = ask(addr, &request, WAIT)?.reply()?;
        show(out, "response head", &head_bytes(&reply))?;
        let json = String::from_utf8_lossy(&reply.body).into_owned();
        // One part per line, for reading: the JSON is one compact array.
        writeln!(out, "{}", indent(&json.replace("},{", "},\n {")))?;
        let root = temp.join(name);
        writeln!(out, "Where the files landed, under {}:", root.display())?;
        landed(out, &root, &folder)?;
    }
    servers.stop()?;
    writeln!(
        out,
        "\nfilename in the JSON is the name as sent; on disk only its last segment is kept,"
    )?;
    writeln!(
        out,
        "in plain letters, and the city field, which had no filename, was hashed and not saved."
    )?;

    step(
        out,
        "NAIVE saver: the upload folder joined with the filename as sent",
    )?;
    let naive_temp = TempDir::new("uploads-naive")?;
    let folder = naive_temp.join("site/uploads");
    std::fs::create_dir_all(&folder)?;
    for part in &parts {
        if let Some(filename) = &part.filename {
            // Wrong on purpose: a client-chosen name used as a path.
            std::fs::write(folder.join(filename), &part.data)?;
        }
    }
    writeln!(
        out,
        "Where the files landed, under {}:",
        naive_temp.path.display()
    )?;
    landed(out, &naive_temp.path, &folder)?;
    writeln!(
        out,
        "\"../../evil.txt\" joined to site/uploads/ is {}/evil.txt: two folders up.",
        naive_temp.path.display()
    )?;
    writeln!(
        out,
        "With a deeper name it could replace ~/.bashrc. Keep the last segment, plain letters only."
    )?;
    Ok(())
}
