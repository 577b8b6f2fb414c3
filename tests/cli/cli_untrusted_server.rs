//! `tasks` against a server that cannot be trusted with the terminal or the key: its text
//! (error envelopes, a 401's message, a created id) reaches stdout and stderr without escape
//! sequences or Unicode format characters; a create reply without an id is an error; a key about
//! to travel over plain http beyond this machine is warned about, once.

use crate::client_support;

use std::process::{Command, Stdio};

use client_support::{Action, FaultServer, json};

const KEY: &str = "recoup_sk_cliuntrustedkey_0123456789abcdefghijklmn";
const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

/// Runs the binary with the key from the environment, `RECOUP_API_URL=url` and any `extra`
/// variables: (exit status, stdout, stderr).
async fn run(url: &str, extra: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut command = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"));
    command
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("XDG_STATE_HOME")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("no_proxy")
        .env_remove("NO_PROXY")
        .env("TZ", "UTC")
        .env("RECOUP_API_URL", url)
        .env("RECOUP_API_KEY", KEY)
        .envs(extra.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    tokio::task::spawn_blocking(move || {
        let out = command
            .output()
            .unwrap_or_else(|e| panic!("binary runs: {e}"));
        drop(home);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .unwrap_or_else(|e| panic!("join: {e}"))
}

const CREATE: [&str; 10] = [
    "tasks",
    "create",
    "--title",
    "Fans",
    "--prompt",
    "Summarize",
    "--schedule",
    "0 9 * * 1",
    "--artist",
    ARTIST,
];

/// Escape sequences and format characters that have no business on a terminal.
fn assert_terminal_safe(text: &str) {
    let hidden = |c: char| matches!(c, '\u{1b}' | '\u{7}' | '\u{9b}' | '\u{9d}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}');
    assert!(!text.chars().any(hidden), "{text:?}");
}

#[tokio::test]
async fn a_400_whose_error_holds_escapes_and_bidi_controls_is_printed_clean() {
    let body = r#"{"status":"error","error":"Bad \u001b]52;c;ZXZpbA==\u0007schedule\u001b]0;pwned\u0007 \u001b[2Jnow \u202egnp.exe\u2066x\u2069 \u200bzero\ufeff"}"#;
    let server = FaultServer::start(move |_, _| Action::Raw(json(400, body))).await;
    let (status, stdout, stderr) = run(&server.url, &[], &["tasks", "list"]).await;
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (1, "", "Error: Bad schedule now gnp.exex zero\n")
    );
    assert_terminal_safe(&stderr);
}

#[tokio::test]
async fn a_401_message_with_escapes_is_printed_clean() {
    let body =
        r#"{"status":"error","message":"Unauthorized\u001b[2J\u001b]0;t\u0007 \u202eyek\u200f"}"#;
    let server = FaultServer::start(move |_, _| Action::Raw(json(401, body))).await;
    let (status, stdout, stderr) = run(&server.url, &[], &["tasks", "list"]).await;
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (
            1,
            "",
            "Error: the API key from the RECOUP_API_KEY environment variable was rejected (Unauthorized yek)\n"
        )
    );
    assert_terminal_safe(&stderr);
}

#[tokio::test]
async fn a_created_id_with_escapes_is_printed_clean() {
    let body = r#"{"status":"success","tasks":[{"id":"\u001b]0;x\u0007abc\u202e-123\u009b2J","title":"Fans"}]}"#;
    let server = FaultServer::start(move |_, _| Action::Raw(json(200, body))).await;
    let (status, stdout, stderr) = run(&server.url, &[], &CREATE).await;
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (0, "Created task: abc-123\n", "")
    );
    assert_terminal_safe(&stdout);
}

#[tokio::test]
async fn a_create_reply_without_an_id_is_an_error_not_an_empty_created_line() {
    let server = FaultServer::start(|_, _| {
        Action::Raw(json(
            200,
            r#"{"status":"success","tasks":[{"title":"Fans"}]}"#,
        ))
    })
    .await;
    let (status, stdout, stderr) = run(&server.url, &[], &CREATE).await;
    assert_eq!(
        (status, stdout.as_str(), stderr),
        (
            1,
            "",
            format!(
                "Error: unreadable reply from {} (HTTP 200): the reply holds no id of the created task\n",
                server.host
            )
        )
    );
    assert_eq!(server.count("POST"), 1);
}

#[tokio::test]
async fn a_key_over_plain_http_beyond_loopback_is_warned_about_once() {
    // The host is a documentation address reached through a local proxy, so that the command
    // makes two requests (a create that fails with a 500, then the look for the task it may
    // have made) to a host that is not this machine.
    let proxy = FaultServer::start(|request, _| match request.method.as_str() {
        "POST" => Action::Raw(json(500, r#"{"status":"error","error":"boom"}"#)),
        _ => Action::Raw(json(200, r#"{"status":"success","tasks":[]}"#)),
    })
    .await;
    let (status, stdout, stderr) =
        run("http://192.0.2.1:9", &[("http_proxy", &proxy.url)], &CREATE).await;
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (
            1,
            "",
            "Warning: the API key goes over plain http to 192.0.2.1:9, which is not this machine: anyone on the network between can read it (use an https URL)\nError: boom\n"
        )
    );
    let targets: Vec<String> = proxy
        .requests
        .lock()
        .unwrap_or_else(|e| panic!("lock: {e}"))
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect();
    assert_eq!(
        targets,
        [
            "POST http://192.0.2.1:9/api/tasks",
            &format!("GET http://192.0.2.1:9/api/tasks?artist_account_id={ARTIST}"),
        ]
    );
}

#[tokio::test]
async fn no_warning_for_loopback_hosts() {
    let server =
        FaultServer::start(|_, _| Action::Raw(json(200, r#"{"status":"success","tasks":[]}"#)))
            .await;
    let port = server
        .host
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_string();
    for url in [server.url.clone(), format!("http://localhost:{port}")] {
        let (status, stdout, stderr) = run(&url, &[], &["tasks", "list"]).await;
        assert_eq!(
            (status, stdout.as_str(), stderr.as_str()),
            (0, "No results.\n", ""),
            "{url}"
        );
    }
}

#[tokio::test]
async fn json_output_escapes_c1_controls_and_format_characters_and_keeps_the_data() {
    let body = r#"{"status":"success","tasks":[{"id":"abc\u202e-123\u009b2J\u001b]0;t\u0007","title":"Fans\u200b\udb40\udc41"}]}"#;
    let server = FaultServer::start(move |_, _| Action::Raw(json(200, body))).await;
    let mut args = CREATE.to_vec();
    args.push("--json");
    let (status, stdout, stderr) = run(&server.url, &[], &args).await;
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (
            0,
            "[\n  {\n    \"id\": \"abc\\u202e-123\\u009b2J\\u001b]0;t\\u0007\",\n    \"title\": \"Fans\\u200b\\udb40\\udc41\"\n  }\n]\n",
            ""
        )
    );
    assert_terminal_safe(&stdout);
    let parsed: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("JSON: {e}"));
    assert_eq!(parsed[0]["id"], "abc\u{202e}-123\u{9b}2J\u{1b}]0;t\u{7}");
    assert_eq!(parsed[0]["title"], "Fans\u{200b}\u{e0041}");
}
