//! The real binary in a pseudo-terminal, driven as a new user would.

mod pty_support;

use std::time::Duration;

use pty_support::*;

#[test]
fn smoke_starts_and_quits() {
    let home = Home::new();
    let mut app = PtyApp::spawn(&[], &home.env(), 100, 30);
    app.wait_first_frame(Duration::from_secs(10));
    app.wait_for("local", Duration::from_secs(5));
    println!("{:?} to first frame", app.started.elapsed());
    std::thread::sleep(Duration::from_millis(500));
    println!("{}", app.screen());
    app.send("n");
    app.wait_for("Title", Duration::from_secs(5));
    println!("{}", app.screen());
    app.send(ESC);
    std::thread::sleep(Duration::from_millis(300));
    app.send("q");
    assert!(app.wait_exit(Duration::from_secs(5)).is_some());
}
