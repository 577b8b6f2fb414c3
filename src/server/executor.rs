//! What "running" a task means locally: `echo` (record what would have been sent), a shell
//! `command` (prompt on stdin, task fields in the environment, stdout is the output), or an
//! `openai`-compatible chat endpoint (the reply text is the output).

use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::supervisor;
use crate::config::without_credentials;

/// The model a task runs with when it names none (the hosted worker's default).
pub use crate::model::DEFAULT_MODEL;

/// How much of a command's stdout becomes the output, and of its stderr goes into an error.
const STDOUT_LIMIT: usize = 1024 * 1024;
const STDERR_TAIL: usize = 2000;

/// What a `command:` run inherits of the server's environment; everything else (the server's
/// own keys: `OPENAI_API_KEY`, cloud credentials, `RECOUP_SERVE_API_KEY` …) is left out, and
/// the run's own `RECOUP_*` values are added.
pub const INHERITED_VARIABLES: [&str; 4] = ["PATH", "HOME", "LANG", "TZ"];

/// How runs are executed, chosen with `serve --executor`.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Executor {
    #[default]
    Echo,
    /// A shell command line, run with `sh -c`.
    Command(String),
    /// The base URL of an OpenAI-compatible server (`http://127.0.0.1:8080`).
    OpenAi(String),
}

/// The `openai:` URL without its credentials.
impl std::fmt::Debug for Executor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Executor::Echo => f.write_str("Echo"),
            Executor::Command(command) => f.debug_tuple("Command").field(command).finish(),
            Executor::OpenAi(base) => f
                .debug_tuple("OpenAi")
                .field(&without_credentials(base))
                .finish(),
        }
    }
}

impl Executor {
    /// Parses `echo`, `command:<shell command>` or `openai:<base url>`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        if spec == "echo" {
            return Ok(Executor::Echo);
        }
        if let Some(command) = spec.strip_prefix("command:") {
            if command.trim().is_empty() {
                return Err("command: needs a shell command, e.g. command:cat".to_string());
            }
            return Ok(Executor::Command(command.to_string()));
        }
        if let Some(url) = spec.strip_prefix("openai:") {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(
                    "openai: needs a base URL, e.g. openai:http://127.0.0.1:8080".to_string(),
                );
            }
            return Ok(Executor::OpenAi(url.trim_end_matches('/').to_string()));
        }
        Err(format!(
            "unknown executor '{}': use echo, command:<shell command> or openai:<base url>",
            without_credentials(spec)
        ))
    }
}

/// Everything an executor gets to know about one fire of a task.
#[derive(Debug, Clone)]
pub struct Job {
    pub run_id: String,
    pub task_id: String,
    pub title: String,
    pub prompt: String,
    pub account_id: String,
    pub artist_account_id: String,
    pub model: String,
    pub timezone: String,
    /// The scheduled fire time (UTC ISO with milliseconds).
    pub fire_time: String,
}

/// Why an attempt failed, shaped like a run error.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecFailure {
    pub name: String,
    /// What the task's owner reads in the run.
    pub message: String,
    pub stack_trace: Option<String>,
    /// What the server's log says instead of `message`, when the owner is told less: the
    /// upstream URL (without credentials) and the error's causes are the operator's business.
    pub log_detail: Option<String>,
}

impl ExecFailure {
    fn new(name: &str, message: impl Into<String>) -> Self {
        ExecFailure {
            name: name.to_string(),
            message: message.into(),
            stack_trace: None,
            log_detail: None,
        }
    }

    /// A failure of the model service: `message` for the owner, `detail` for the log.
    fn upstream(message: impl Into<String>, detail: String) -> Self {
        ExecFailure {
            log_detail: Some(detail),
            ..ExecFailure::new("HttpError", message)
        }
    }
}

impl Executor {
    /// Runs `job` once; `timeout` bounds a command or an HTTP call.
    pub async fn execute(
        &self,
        job: &Job,
        timeout: Duration,
        http: &reqwest::Client,
    ) -> Result<Value, ExecFailure> {
        match self {
            Executor::Echo => Ok(json!({
                "executor": "echo",
                "title": job.title,
                "prompt": job.prompt,
                "artistAccountId": job.artist_account_id,
                "accountId": job.account_id,
                "model": job.model,
                "firedAt": job.fire_time,
            })),
            Executor::Command(command) => run_command(command, job, timeout).await,
            Executor::OpenAi(base) => chat_completion(base, job, timeout, http).await,
        }
    }
}

async fn run_command(command: &str, job: &Job, timeout: Duration) -> Result<Value, ExecFailure> {
    let mut sh = tokio::process::Command::new("sh");
    // Not the server's environment: a task's output is read by its owner, and `env` in a
    // command would show them the server's keys.
    sh.env_clear();
    for name in INHERITED_VARIABLES.iter().chain(PLATFORM_VARIABLES) {
        if let Some(value) = std::env::var_os(name) {
            sh.env(name, value);
        }
    }
    sh.arg("-c")
        .arg(command)
        .env("RECOUP_RUN_ID", &job.run_id)
        .env("RECOUP_TASK_ID", &job.task_id)
        .env("RECOUP_TASK_TITLE", &job.title)
        .env("RECOUP_ACCOUNT_ID", &job.account_id)
        .env("RECOUP_ARTIST_ACCOUNT_ID", &job.artist_account_id)
        .env("RECOUP_MODEL", &job.model)
        .env("RECOUP_TIMEZONE", &job.timezone)
        .env("RECOUP_FIRE_TIME", &job.fire_time)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Under a supervisor: a timeout, a cancelled run (this future dropped), a stopped or a
    // dead server all end `sh` and everything it started.
    let mut supervised = supervisor::spawn(&mut sh)
        .map_err(|err| ExecFailure::new("SpawnError", format!("could not start `sh -c`: {err}")))?;
    let child = &mut supervised.child;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(ExecFailure::new(
            "SpawnError",
            "the command's pipes were not set up",
        ));
    };
    let prompt = job.prompt.clone();
    let feed = async move {
        // A command that does not read its stdin closes the pipe; that is not a failure.
        let _ = stdin.write_all(prompt.as_bytes()).await;
        drop(stdin);
    };
    let work = async {
        let (_, out, err, status) = tokio::join!(
            feed,
            read_limited(stdout, STDOUT_LIMIT),
            read_limited(stderr, STDOUT_LIMIT),
            child.wait()
        );
        (out, err, status)
    };
    let Ok((stdout, stderr, status)) = tokio::time::timeout(timeout, work).await else {
        let _ = supervised.end().await;
        return Err(ExecFailure::new(
            "TimeoutError",
            format!("command timed out after {} s", timeout.as_secs_f64()),
        ));
    };
    let status = status.map_err(|err| ExecFailure::new("CommandError", err.to_string()))?;
    if status.success() {
        return Ok(Value::String(String::from_utf8_lossy(&stdout).into_owned()));
    }
    let code = status.code().map_or_else(
        || "was killed by a signal".to_string(),
        |code| format!("exited with status {code}"),
    );
    Err(ExecFailure {
        name: "CommandError".to_string(),
        message: format!("command {code}"),
        stack_trace: Some(tail(&String::from_utf8_lossy(&stderr), STDERR_TAIL)),
        log_detail: None,
    })
}

/// What a program needs on Windows to start at all (system DLLs are found through it).
#[cfg(windows)]
const PLATFORM_VARIABLES: &[&str] = &["SYSTEMROOT"];
#[cfg(not(windows))]
const PLATFORM_VARIABLES: &[&str] = &[];

async fn read_limited(mut pipe: impl tokio::io::AsyncRead + Unpin, limit: usize) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut chunk = [0u8; 8192];
    // Keep draining past the limit so the command never blocks on a full pipe.
    while let Ok(read) = pipe.read(&mut chunk).await {
        if read == 0 {
            break;
        }
        let room = limit.saturating_sub(kept.len());
        kept.extend_from_slice(&chunk[..read.min(room)]);
    }
    kept
}

/// The last `max` bytes of `text`, cut at a character boundary.
fn tail(text: &str, max: usize) -> String {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..].to_string()
}

async fn chat_completion(
    base: &str,
    job: &Job,
    timeout: Duration,
    http: &reqwest::Client,
) -> Result<Value, ExecFailure> {
    let url = if base.ends_with("/v1") {
        format!("{base}/chat/completions")
    } else {
        format!("{base}/v1/chat/completions")
    };
    let body = json!({
        "model": job.model,
        "messages": [
            {"role": "system", "content": format!(
                "You are running the scheduled task \"{}\" for artist account {}.",
                job.title, job.artist_account_id
            )},
            {"role": "user", "content": job.prompt},
        ],
    });
    let mut request = http.post(&url).timeout(timeout).json(&body);
    if let Ok(key) = std::env::var("OPENAI_API_KEY") {
        request = request.bearer_auth(key);
    }
    // The owner reads what went wrong in general; the log names the URL (credentials hidden)
    // and the causes, which are the operator's.
    let shown = without_credentials(&url);
    let unreachable = |err: reqwest::Error| {
        let message = if err.is_timeout() {
            format!(
                "the model service did not answer within {} s",
                timeout.as_secs_f64()
            )
        } else {
            "the model service could not be reached".to_string()
        };
        ExecFailure::upstream(message, format!("{shown}: {}", causes(&err.without_url())))
    };
    let response = request.send().await.map_err(unreachable)?;
    let status = response.status();
    let text = response.text().await.map_err(|err| {
        ExecFailure::upstream(
            "the model service's reply could not be read",
            format!("{shown}: {}", causes(&err.without_url())),
        )
    })?;
    if !status.is_success() {
        return Err(ExecFailure::upstream(
            format!("the model service answered {status}"),
            format!("{shown} answered {status}: {}", tail(&text, STDERR_TAIL)),
        ));
    }
    let reply: Value = serde_json::from_str(&text).map_err(|err| {
        ExecFailure::upstream(
            "the model service answered with invalid JSON",
            format!("{shown} answered with invalid JSON: {err}"),
        )
    })?;
    reply
        .pointer("/choices/0/message/content")
        .and_then(Value::as_str)
        .map(|content| Value::String(content.to_string()))
        .ok_or_else(|| {
            ExecFailure::upstream(
                "the model service answered without choices[0].message.content",
                format!("{shown} answered without choices[0].message.content"),
            )
        })
}

/// An error and its causes, `: `-separated (reqwest's own message is only the outermost).
fn causes(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut current = err.source();
    while let Some(cause) = current {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        current = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executor_specs_parse() {
        assert_eq!(Executor::parse("echo"), Ok(Executor::Echo));
        assert_eq!(
            Executor::parse("command:cat -n"),
            Ok(Executor::Command("cat -n".into()))
        );
        assert_eq!(
            Executor::parse("openai:http://127.0.0.1:8080/"),
            Ok(Executor::OpenAi("http://127.0.0.1:8080".into()))
        );
        assert!(Executor::parse("openai:localhost").is_err());
        assert!(Executor::parse("shell").is_err());
    }

    #[test]
    fn tail_cuts_at_char_boundary() {
        assert_eq!(tail("héllo", 4), "llo");
    }
}
