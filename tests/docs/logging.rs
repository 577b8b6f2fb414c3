//! The log file: lines land in it (not on a terminal), a big old file is rotated first, and a
//! second set-up is refused rather than silently replacing the first.

#[test]
fn log_lines_go_to_the_file_after_rotating_a_big_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state/recoup-tasks.log");
    std::fs::create_dir_all(dir.path().join("state")).expect("state dir");
    std::fs::write(&path, vec![b'x'; 9 * 1024 * 1024]).expect("old log");
    recoup_tasks::logging::to_file(&path).expect("logging set up");
    // The target is named: by default it would be the module path, which names the test binary.
    tracing::info!(target: "logging", task = "task_1", "task fired");
    tracing::debug!("below the default level");
    let text = std::fs::read_to_string(&path).expect("log file");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.trim_end()
            .ends_with("INFO logging: task fired task=\"task_1\""),
        "{text}"
    );
    let rotated = dir.path().join("state/recoup-tasks.log.1");
    assert_eq!(
        std::fs::metadata(rotated).map(|m| m.len()).ok(),
        Some(9 * 1024 * 1024)
    );
    let again = recoup_tasks::logging::to_file(&path);
    assert!(again.is_err_and(|e| e.starts_with("logging is already set up")));
}
