//! Turning an HTTP reply into the JSON body or a [`ClientError`]: the envelope's words when
//! there is one, the status and the page's title when the body is not JSON (a proxy's 502
//! page), and `Retry-After` for 429.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::Value;

use super::ClientError;
use crate::config::KeySource;
use crate::model::{PlanLimitBody, error_text};

/// The body as JSON if the call succeeded (2xx and `status` not `"error"`, as the Recoup CLI
/// decides), else the error it describes.
pub(super) fn interpret(
    status: StatusCode,
    bytes: &[u8],
    host: &str,
    key_source: &KeySource,
    retry_after: Option<Duration>,
) -> Result<Value, ClientError> {
    let code = status.as_u16();
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Err(ClientError::RateLimited {
            host: host.to_string(),
            retry_after,
        });
    }
    let value = match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => value,
        Err(err) => {
            let text = String::from_utf8_lossy(bytes);
            let looks_like_markup = text.trim_start().starts_with('<');
            return Err(if status.is_success() && !looks_like_markup {
                ClientError::BadReply {
                    status: code,
                    host: host.to_string(),
                    detail: if bytes.is_empty() {
                        "empty body".to_string()
                    } else {
                        format!("not JSON ({err})")
                    },
                }
            } else {
                ClientError::NotJson {
                    status: code,
                    host: host.to_string(),
                    title: page_title(&text),
                }
            });
        }
    };
    let says_error = value["status"].as_str() == Some("error");
    if status.is_success() && !says_error {
        if !value.is_object() {
            return Err(ClientError::BadReply {
                status: code,
                host: host.to_string(),
                detail: "the reply is not a JSON object".to_string(),
            });
        }
        return Ok(value);
    }
    if let Some(body) = plan_limit(status, &value) {
        return Err(ClientError::PlanLimit(Box::new(body)));
    }
    let text = error_text(value["error"].as_str(), value["message"].as_str()).map(str::to_string);
    if status == StatusCode::UNAUTHORIZED {
        return Err(ClientError::Unauthorized {
            message: text.unwrap_or_else(|| "Unauthorized".to_string()),
            key_source: key_source.clone(),
        });
    }
    let missing_fields = value["missing_fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter_map(|field| match field {
                    Value::String(name) => Some(name.clone()),
                    Value::Number(index) => Some(index.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    Err(ClientError::Api {
        status: code,
        message: text.unwrap_or_else(|| format!("Request failed: {code}")),
        missing_fields,
    })
}

/// A 402 whose `error` is `plan_limit` and whose body reads as the task gate's (§1.3). The song
/// analysis gate's 402 shares the code but not the keys (`limit: analyze_count`): it stays an
/// ordinary API error.
fn plan_limit(status: StatusCode, value: &Value) -> Option<PlanLimitBody> {
    if status != StatusCode::PAYMENT_REQUIRED || value["error"].as_str() != Some("plan_limit") {
        return None;
    }
    serde_json::from_value(value.clone()).ok()
}

/// The text of an HTML page's `<title>`, whitespace collapsed, at most 120 characters.
pub(super) fn page_title(page: &str) -> Option<String> {
    let lower = page.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let title = page[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let title: String = title
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    (!title.is_empty()).then_some(title)
}

/// `Retry-After` as a wait: delta-seconds, or an HTTP date (a past date means now).
pub(super) fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(status: u16, body: &str) -> String {
        interpret(
            StatusCode::from_u16(status).unwrap(),
            body.as_bytes(),
            "api.example:443",
            &KeySource::Profile("work".into()),
            None,
        )
        .unwrap_err()
        .to_string()
    }

    #[test]
    fn html_error_page_is_named_by_status_host_and_title() {
        let page = "<html><head><TITLE>502 Bad\n  Gateway</TITLE></head><body>nginx</body></html>";
        assert_eq!(
            error(502, page),
            "HTTP 502 from api.example:443: 502 Bad Gateway"
        );
        assert_eq!(
            error(503, "Service Unavailable"),
            "HTTP 503 from api.example:443 (not a JSON reply)"
        );
    }

    #[test]
    fn envelope_text_and_missing_fields_are_reported() {
        assert_eq!(
            error(
                400,
                r#"{"status":"error","missing_fields":["title"],"error":"title parameter is required"}"#
            ),
            "title parameter is required (field: title)"
        );
        assert_eq!(error(500, r#"{"status":"error"}"#), "Request failed: 500");
        assert_eq!(
            error(200, r#"{"status":"error","error":"odd"}"#),
            "odd",
            "a 200 with an error envelope is an error, as the Recoup CLI decides"
        );
    }

    #[test]
    fn rejected_key_names_its_source() {
        assert_eq!(
            error(401, r#"{"status":"error","message":"Unauthorized"}"#),
            "the API key from api_key of profile 'work' was rejected (Unauthorized)"
        );
    }

    #[test]
    fn garbage_with_200_is_an_unreadable_reply() {
        assert_eq!(
            error(200, "{\"status\":\"succ"),
            "unreadable reply from api.example:443 (HTTP 200): not JSON (EOF while parsing a string at line 1 column 15)"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after("Thu, 01 Jan 2026 00:00:10 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            retry_after("Wed, 31 Dec 2025 00:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }
}
