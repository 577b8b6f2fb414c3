//! The layers keep pointing one way. Each top-level module of the app may use only the modules
//! below it (the table in `allowed_imports`); `cli` and `tui` never use each other; the schedule
//! engine crate depends on nothing of the app's world. Read from the `crate::…` paths in the
//! source, so a new import across the layers fails here, naming the file and the line.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Layer by layer, bottom up: which of the app's top-level modules each one may use.
fn allowed_imports() -> BTreeMap<&'static str, &'static [&'static str]> {
    BTreeMap::from([
        // The bottom: plain data, settings and files, the log.
        ("model", &[][..]),
        ("config", &[][..]),
        ("logging", &["config"][..]),
        ("http", &[][..]),
        // How the domain reads to a person: on the data only.
        ("present", &["model"][..]),
        // The two sides of the API, each on the bottom only.
        ("client", &["model", "config", "http"][..]),
        ("server", &["model", "config", "http"][..]),
        // Wiring: hosted API or the embedded server.
        ("backend", &["client", "server", "config", "model"][..]),
        // The faces, on everything below and never on each other.
        (
            "cli",
            &["backend", "client", "config", "model", "present"][..],
        ),
        (
            "tui",
            &["backend", "client", "config", "logging", "model", "present"][..],
        ),
    ])
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/tui/app.rs` → `tui`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// The code of a line, without its `//` comment (doc comments included).
fn code_of(line: &str) -> &str {
    match line.find("//") {
        Some(at) => &line[..at],
        None => line,
    }
}

/// The top-level modules a text names after `crate::`, with `crate::{a::b, c}` groups opened.
fn crate_paths(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `trigger_cron::…`, `my_crate::…`
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                if depth == 1 && c == ',' {
                    found.push(first_segment(&item));
                    item.clear();
                } else {
                    item.push(c);
                }
            }
            found.push(first_segment(&item));
        } else {
            found.push(first_segment(rest));
        }
    }
    found.retain(|name| !name.is_empty());
    found
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn no_module_imports_a_layer_above_it_or_beside_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let allowed = allowed_imports();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(
        files.len() > 50,
        "found only {} files under src/",
        files.len()
    );
    let mut crossings = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        // `lib.rs` declares the modules and `main.rs` is the binary: both sit above all.
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(may_use) = allowed.get(module.as_str()) else {
            crossings.push(format!(
                "{}: module `{module}` has no place in the layer table of tests/architecture.rs",
                file.display()
            ));
            continue;
        };
        let text = fs::read_to_string(file).unwrap_or_default();
        // Join the lines of a `use crate::{…}` group that rustfmt spreads over several.
        let code: Vec<(usize, &str)> = text.lines().map(code_of).enumerate().collect();
        let mut statement = String::new();
        let mut first_line = 0;
        for (number, line) in code {
            if statement.is_empty() {
                first_line = number + 1;
            }
            statement.push_str(line);
            statement.push(' ');
            let open = statement.matches('{').count() > statement.matches('}').count();
            if open && statement.contains("crate::{") {
                continue;
            }
            for used in crate_paths(&statement) {
                if used != module && !may_use.contains(&used.as_str()) {
                    crossings.push(format!(
                        "{}:{first_line}: `{module}` uses `crate::{used}`",
                        file.strip_prefix(root).unwrap_or(file).display()
                    ));
                }
            }
            statement.clear();
        }
    }
    assert!(
        crossings.is_empty(),
        "imports across the layers:\n{}",
        crossings.join("\n")
    );
}

#[test]
fn the_layer_reader_sees_grouped_and_nested_paths() {
    assert_eq!(crate_paths("use crate::tui::theme::Theme;"), ["tui"]);
    assert_eq!(
        crate_paths("use crate::{cli::cron, model::{Run, Task}, present};"),
        ["cli", "model", "present"]
    );
    assert_eq!(
        crate_paths("let x = trigger_cron::parse(e);"),
        Vec::<String>::new()
    );
    assert_eq!(
        crate_paths("local: crate::cli::cron::local_zone(),"),
        ["cli"]
    );
}

/// The engine is the one crate that fires as Trigger.dev does; it must stay publishable on its
/// own, so it may depend on time zone data and nothing of the app's (no runtime, HTTP, SQL or
/// terminal crates).
#[test]
fn the_schedule_engine_depends_only_on_chrono() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/trigger-cron/Cargo.toml");
    let text = fs::read_to_string(&manifest).unwrap_or_default();
    let table: toml::Table = text.parse().unwrap_or_default();
    let mut names: Vec<&str> = table
        .get("dependencies")
        .and_then(|deps| deps.as_table())
        .map(|deps| deps.keys().map(String::as_str).collect())
        .unwrap_or_default();
    names.sort();
    assert_eq!(names, ["chrono", "chrono-tz"]);
}

/// reqwest is built without a TLS provider of its own (see `src/http.rs`): a client built
/// anywhere but there panics at run time, and only where no other client came first. Every
/// Rust file of the workspace is read for `reqwest::Client::new()` and `::builder()`.
#[test]
fn http_clients_are_built_only_in_src_http() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "examples", "crates"] {
        rust_files(&root.join(dir), &mut files);
    }
    // Spelled in pieces so this file does not find itself.
    let needles = [
        ["reqwest::Client", "::new("].concat(),
        ["reqwest::Client", "::builder("].concat(),
    ];
    let offending: Vec<String> = files
        .iter()
        .filter(|file| !file.ends_with("src/http.rs"))
        .filter_map(|file| {
            let text = fs::read_to_string(file).unwrap_or_default();
            let code: String = text.lines().map(code_of).collect::<Vec<_>>().join("\n");
            needles
                .iter()
                .any(|needle| code.contains(needle.as_str()))
                .then(|| {
                    file.strip_prefix(root)
                        .unwrap_or(file)
                        .display()
                        .to_string()
                })
        })
        .collect();
    assert!(
        offending.is_empty(),
        "build clients with recoup_tasks::http::client() or client_builder(): {offending:?}"
    );
}
