//! The server's commands as a user runs them: `accounts create`, `artists add`, and `serve`
//! printing a new key exactly once.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
}

#[test]
fn accounts_create_prints_a_hosted_shaped_key_alone_on_the_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("local.db");
    let output = binary()
        .args([
            "accounts",
            "create",
            "--email",
            "a@example.com",
            "--org",
            "Label",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let key = stdout.lines().last().unwrap();
    let rest = key.strip_prefix("recoup_sk_").expect("prefix");
    assert_eq!(rest.len(), 43);
    assert!(
        rest.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    // The key is stored hashed only.
    let raw = std::fs::read(&db).unwrap();
    assert!(
        !raw.windows(key.len())
            .any(|window| window == key.as_bytes())
    );
}

#[test]
fn artists_add_prints_the_new_artist_id() {
    let dir = tempfile::tempdir().unwrap();
    let output = binary()
        .args(["artists", "add", "Nova", "--db"])
        .arg(dir.path().join("local.db"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let id = String::from_utf8(output.stdout).unwrap();
    assert!(uuid::Uuid::parse_str(id.trim()).is_ok(), "{id}");
}

/// Starts `serve` on a free port and returns its stdout lines up to the CLI hint.
fn serve_banner(db: &std::path::Path) -> Vec<String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = binary()
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let done = line.contains("RECOUP_API_URL");
            lines.push(line);
            if done {
                break;
            }
        }
        let _ = send.send(lines);
    });
    let lines = receive
        .recv_timeout(Duration::from_secs(30))
        .expect("serve printed its banner");
    child.kill().unwrap();
    let _ = child.wait();
    lines
}

#[test]
fn serve_prints_a_new_key_once_and_never_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("local.db");
    let first = serve_banner(&db).join("\n");
    assert!(first.contains("RECOUP_API_KEY=recoup_sk_"), "{first}");
    assert!(
        first.contains("RECOUP_API_URL=http://127.0.0.1:"),
        "{first}"
    );
    let second = serve_banner(&db).join("\n");
    assert!(!second.contains("recoup_sk_"), "{second}");
    assert!(second.contains("RECOUP_API_KEY=<your key>"), "{second}");
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = binary()
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(dir.path().join("local.db"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok);
    assert!(lines.by_ref().any(|line| line.contains("RECOUP_API_URL")));
    let terminated = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    assert!(lines.any(|line| line == "Stopping."));
    assert!(child.wait().unwrap().success());
}
