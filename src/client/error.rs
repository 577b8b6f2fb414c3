//! What can go wrong talking to a Recoup API, worded for the person who will read it. No
//! variant ever holds the API key.

use std::fmt;
use std::time::Duration;

use crate::config::KeySource;
use crate::model::{PlanLimitBody, Task};

/// A failed client call.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// Refused before sending: the draft breaks a rule the service would enforce. Worded as the
    /// service words it; `field` is the body field at fault.
    Invalid { message: String, field: String },
    /// The service answered with an error envelope.
    Api {
        status: u16,
        message: String,
        missing_fields: Vec<String>,
    },
    /// 402 `plan_limit`: the owner's plan refuses the write, or the task's run (on
    /// `GET /api/tasks?id=`). The body whole: which limit, the plan, its numbers, the count the
    /// check used and where to upgrade. Other 402s (credits, song analyses) are [`ClientError::Api`].
    PlanLimit(Box<PlanLimitBody>),
    /// 401: the key was rejected. Names where the key came from, never the key.
    Unauthorized {
        message: String,
        key_source: KeySource,
    },
    /// 429, after the retries a GET may make.
    RateLimited {
        host: String,
        retry_after: Option<Duration>,
    },
    /// A reply that is not JSON: a proxy's HTML error page, say.
    NotJson {
        status: u16,
        host: String,
        title: Option<String>,
    },
    /// JSON that does not read as the expected reply.
    BadReply {
        status: u16,
        host: String,
        detail: String,
    },
    /// The connection broke while the reply was being read.
    CutShort { host: String },
    /// No complete reply within the request timeout.
    Timeout { url: String, after: Duration },
    /// The server refused the connection.
    ConnectionRefused { url: String },
    /// Any other failure to connect (DNS, TLS, unreachable network…).
    Connect { url: String, detail: String },
    /// A redirect the client would not follow: to another origin, from https to http, or too
    /// many.
    RedirectRefused(crate::http::RedirectRefusal),
    /// A reply larger than the client reads ([`super::ClientOptions::max_reply_bytes`]).
    ReplyTooLarge { host: String, limit: usize },
    /// The base URL cannot be used.
    BadUrl { url: String, detail: String },
    /// A create failed with a timeout or a 5xx, but the task it may have made was found: it was
    /// not sent again. Treat as a success with a note.
    CreatedDespite {
        task: Box<Task>,
        cause: Box<ClientError>,
    },
    /// A create failed with a timeout or a 5xx and the lookup for the task it may have made
    /// failed too: the task may exist.
    CreateUnconfirmed {
        cause: Box<ClientError>,
        lookup: Box<ClientError>,
    },
}

impl ClientError {
    /// The task a create made although its reply was lost ([`ClientError::CreatedDespite`]).
    pub fn created_task(&self) -> Option<&Task> {
        match self {
            ClientError::CreatedDespite { task, .. } => Some(task),
            _ => None,
        }
    }

    /// The HTTP status of a reply, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. }
            | ClientError::NotJson { status, .. }
            | ClientError::BadReply { status, .. } => Some(*status),
            ClientError::Unauthorized { .. } => Some(401),
            ClientError::PlanLimit(_) => Some(402),
            ClientError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// Whether a create that failed this way may still have written the task.
    pub(super) fn create_may_have_committed(&self) -> bool {
        match self {
            // An oversized reply is a reply: the write may well have been made.
            ClientError::Timeout { .. }
            | ClientError::CutShort { .. }
            | ClientError::ReplyTooLarge { .. } => true,
            other => other.status().is_some_and(|status| status >= 500),
        }
    }
}

/// A byte count as a person reads it: `16 MiB`, `1 KiB`, `1000 bytes`.
fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * KIB;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs:.1} s")
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Invalid { message, .. } => f.write_str(message),
            ClientError::Api {
                message,
                missing_fields,
                ..
            } => {
                f.write_str(message)?;
                if !missing_fields.is_empty() {
                    write!(f, " (field: {})", missing_fields.join("."))?;
                }
                Ok(())
            }
            // The sentence only: the plan, the count and the link are worded by the caller
            // (`present::plans`), which knows the schedule that was sent.
            ClientError::PlanLimit(body) => f.write_str(&body.message),
            ClientError::Unauthorized {
                message,
                key_source,
            } => write!(f, "the API key from {key_source} was rejected ({message})"),
            ClientError::RateLimited { host, retry_after } => {
                write!(f, "{host} is rate limiting requests (HTTP 429)")?;
                match retry_after {
                    Some(wait) => write!(f, "; try again in {}", seconds(*wait)),
                    None => Ok(()),
                }
            }
            ClientError::NotJson {
                status,
                host,
                title,
            } => {
                write!(f, "HTTP {status} from {host}")?;
                match title {
                    Some(title) => write!(f, ": {title}"),
                    None => f.write_str(" (not a JSON reply)"),
                }
            }
            ClientError::BadReply {
                status,
                host,
                detail,
            } => write!(f, "unreadable reply from {host} (HTTP {status}): {detail}"),
            ClientError::CutShort { host } => {
                write!(f, "the reply from {host} was cut short (connection closed)")
            }
            ClientError::Timeout { url, after } => {
                write!(f, "no reply from {url} within {}", seconds(*after))
            }
            ClientError::ConnectionRefused { url } => {
                write!(f, "cannot reach {url}: connection refused")
            }
            ClientError::Connect { url, detail } => write!(f, "cannot reach {url}: {detail}"),
            ClientError::RedirectRefused(refusal) => refusal.fmt(f),
            ClientError::ReplyTooLarge { host, limit } => write!(
                f,
                "the reply from {host} is larger than {}, the most the client reads; not read",
                size(*limit)
            ),
            ClientError::BadUrl { url, detail } => write!(f, "bad API URL '{url}': {detail}"),
            ClientError::CreatedDespite { task, cause } => write!(
                f,
                "{cause}, but the task was created: {} (found it; not sent again)",
                task.id
            ),
            ClientError::CreateUnconfirmed { cause, lookup } => write!(
                f,
                "{cause}; the task may have been created (checking failed: {lookup}) — run `recoup-tasks tasks list` before trying again"
            ),
        }
    }
}

impl std::error::Error for ClientError {}
