//! The real `serve` binary against slow clients (issue 12, item 1): SIGTERM stops it within
//! its shutdown grace period even while a POST is stalled, and it raises its soft limit on
//! open files to the hard one at start. Linux only (`/proc`).

#![cfg(target_os = "linux")]

use crate::server_support::free_port;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "slow-clients-test-key";
/// The default shutdown grace (5 s) and a generous margin for a loaded machine.
const EXIT_WAIT: Duration = Duration::from_secs(15);

/// Starts `serve` under `sh -c` with `setup` run first (e.g. a `ulimit`), and waits until it
/// answers.
fn start_serve(db: &Path, port: u16, setup: &str) -> Child {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{setup} exec \"$0\" serve --addr 127.0.0.1:{port} --api-key {KEY} --db \"$1\""
        ))
        .arg(env!("CARGO_BIN_EXE_recoup-tasks"))
        .arg(db)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("serve does not start: {e}"));
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(mut probe) = TcpStream::connect(("127.0.0.1", port)) {
            let request = format!(
                "GET /api/accounts/id HTTP/1.1\r\nhost: localhost\r\nx-api-key: {KEY}\r\nconnection: close\r\n\r\n"
            );
            let mut reply = String::new();
            if probe.write_all(request.as_bytes()).is_ok()
                && probe.read_to_string(&mut reply).is_ok()
                && reply.starts_with("HTTP/1.1 200")
            {
                return child;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve on port {port} did not become ready");
}

fn send_signal(signal: &str, pid: u32) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap_or_else(|e| panic!("run kill: {e}"));
    assert!(status.success(), "kill -{signal} {pid}: {status:?}");
}

/// The process's exit status, or `None` if it is still running after `within` (then killed).
fn wait_for_exit(child: &mut Child, within: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("cannot wait for serve: {e}"),
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[test]
fn sigterm_stops_serve_within_its_grace_period_while_a_post_is_stalled() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let port = free_port();
    let mut serve = start_serve(&dir.path().join("local.db"), port, "");
    let mut stalled =
        TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("cannot connect: {e}"));
    let head = format!(
        "POST /api/tasks HTTP/1.1\r\nhost: localhost\r\nx-api-key: {KEY}\r\n\
         content-type: application/json\r\ncontent-length: 1000\r\n\r\n{{\"title\":"
    );
    stalled
        .write_all(head.as_bytes())
        .unwrap_or_else(|e| panic!("cannot send: {e}"));
    std::thread::sleep(Duration::from_millis(300));
    send_signal("TERM", serve.id());
    let status = wait_for_exit(&mut serve, EXIT_WAIT);
    assert!(
        status.is_some(),
        "serve still runs {EXIT_WAIT:?} after SIGTERM with a stalled POST"
    );
    assert_eq!(status.and_then(|status| status.code()), Some(0));
}

/// `Max open files` of `/proc/PID/limits`: (soft, hard).
fn open_files_limit(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits"))
        .unwrap_or_else(|e| panic!("cannot read the limits of {pid}: {e}"));
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .unwrap_or_else(|| panic!("no open files limit in {limits}"));
    let fields: Vec<&str> = line.split_whitespace().collect();
    match fields.as_slice() {
        [_, _, _, soft, hard, ..] => (soft.to_string(), hard.to_string()),
        _ => panic!("cannot read {line:?}"),
    }
}

#[test]
fn serve_raises_its_soft_open_files_limit_to_the_hard_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let port = free_port();
    let mut serve = start_serve(&dir.path().join("local.db"), port, "ulimit -Sn 256 &&");
    let (soft, hard) = open_files_limit(serve.id());
    send_signal("TERM", serve.id());
    let _ = wait_for_exit(&mut serve, EXIT_WAIT);
    assert_ne!(hard, "256", "the test needs a hard limit above 256");
    assert_eq!(soft, hard);
}
