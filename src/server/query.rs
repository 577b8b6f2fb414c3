//! Query-string parsing for the GET routes, worded as the hosted API's zod schemas word it.
//! A repeated parameter keeps its last value; unknown parameters are ignored.

use super::error::ApiFailure;
use crate::model::is_uuid;

/// Query of `GET /api/tasks`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TasksQuery {
    pub id: Option<String>,
    pub account_id: Option<String>,
    pub artist_account_id: Option<String>,
    pub enabled: Option<bool>,
}

/// Query of `GET /api/tasks/runs`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunsQuery {
    /// Present (trimmed, non-empty) means retrieve mode.
    pub run_id: Option<String>,
    pub account_id: Option<String>,
    pub limit: usize,
}

/// Query of `GET /api/artists` (addendum §4).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArtistsQuery {
    pub account_id: Option<String>,
    pub org_id: Option<String>,
}

const DEFAULT_LIMIT: usize = 20;
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

fn last<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Parses the query of `GET /api/tasks`. Nothing here can fail (every field is an optional
/// string), as on the hosted API.
pub fn tasks_query(pairs: &[(String, String)]) -> TasksQuery {
    let owned = |name| last(pairs, name).map(str::to_string);
    TasksQuery {
        id: owned("id"),
        account_id: owned("account_id"),
        artist_account_id: owned("artist_account_id"),
        enabled: last(pairs, "enabled").map(parse_enabled),
    }
}

/// Parses the query of `GET /api/artists`: `account_id`, then `org_id`, must each be a UUID
/// when present, empty included; the first failure is the answer.
pub fn artists_query(pairs: &[(String, String)]) -> Result<ArtistsQuery, ApiFailure> {
    Ok(ArtistsQuery {
        account_id: uuid_param(pairs, "account_id")?,
        org_id: uuid_param(pairs, "org_id")?,
    })
}

/// The optional UUID parameter `name` (its last value); 400 `<name> must be a valid UUID`
/// when it is given and is not one (an empty value included).
pub fn uuid_param(pairs: &[(String, String)], name: &str) -> Result<Option<String>, ApiFailure> {
    match last(pairs, name) {
        None => Ok(None),
        Some(value) if is_uuid(value) => Ok(Some(value.to_string())),
        Some(_) => Err(ApiFailure::Invalid {
            message: format!("{name} must be a valid UUID"),
            missing_fields: None,
        }),
    }
}

/// `enabled=false`, `enabled=0` and `enabled=` mean "disabled"; anything else "enabled".
/// (The hosted API uses JavaScript truthiness, so there `false` means enabled — a quirk the
/// local server does not copy.)
fn parse_enabled(raw: &str) -> bool {
    !matches!(raw.trim().to_ascii_lowercase().as_str(), "" | "false" | "0")
}

/// Parses the query of `GET /api/tasks/runs`; errors carry no `missing_fields`.
pub fn runs_query(pairs: &[(String, String)]) -> Result<RunsQuery, ApiFailure> {
    let invalid = |message: String| ApiFailure::Invalid {
        message,
        missing_fields: None,
    };
    let run_id = last(pairs, "runId")
        .map(|raw| raw.trim())
        .filter(|raw| !raw.is_empty())
        .map(str::to_string);
    let account_id = match last(pairs, "account_id").map(str::trim) {
        Some("") => {
            return Err(invalid(
                "Too small: expected string to have >=1 characters".to_string(),
            ));
        }
        other => other.map(str::to_string),
    };
    let limit = match last(pairs, "limit") {
        None => DEFAULT_LIMIT,
        Some(raw) => check_limit(js_number(raw)).map_err(invalid)?,
    };
    Ok(RunsQuery {
        run_id,
        account_id,
        limit,
    })
}

/// zod's `coerce.number().int().min(1).max(100)` on an already coerced value.
fn check_limit(value: f64) -> Result<usize, String> {
    if value.is_nan() {
        return Err("Invalid input: expected number, received NaN".to_string());
    }
    if value.is_infinite() {
        return Err("Invalid input: expected number, received number".to_string());
    }
    if value.fract() != 0.0 {
        return Err("Invalid input: expected int, received number".to_string());
    }
    if value > MAX_SAFE_INTEGER {
        return Err(format!("Too big: expected int to be <={MAX_SAFE_INTEGER}"));
    }
    if value < -MAX_SAFE_INTEGER {
        return Err(format!(
            "Too small: expected int to be >=-{MAX_SAFE_INTEGER}"
        ));
    }
    if value < 1.0 {
        return Err("Too small: expected number to be >=1".to_string());
    }
    if value > 100.0 {
        return Err("Too big: expected number to be <=100".to_string());
    }
    Ok(value as usize)
}

/// JavaScript's `Number(string)`: trimmed; empty is 0; decimal, exponent, `Infinity`, and
/// `0x`/`0o`/`0b` integers; anything else NaN.
fn js_number(raw: &str) -> f64 {
    let text = raw.trim();
    if text.is_empty() {
        return 0.0;
    }
    match text {
        "Infinity" | "+Infinity" => return f64::INFINITY,
        "-Infinity" => return f64::NEG_INFINITY,
        _ => {}
    }
    let radix = match text.get(..2) {
        Some("0x" | "0X") => Some(16),
        Some("0o" | "0O") => Some(8),
        Some("0b" | "0B") => Some(2),
        _ => None,
    };
    if let Some(radix) = radix {
        let digits = &text[2..];
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return f64::NAN;
        }
        return digits.chars().fold(0.0, |acc, c| {
            acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
        });
    }
    // Rust's parser also takes "inf" and "nan"; JavaScript does not, so check the shape first.
    let decimal_shape = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
        && text.chars().any(|c| c.is_ascii_digit());
    if !decimal_shape {
        return f64::NAN;
    }
    text.parse::<f64>().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn limit_error(raw: &str) -> String {
        match runs_query(&pairs(&[("limit", raw)])) {
            Err(ApiFailure::Invalid {
                message,
                missing_fields,
            }) => {
                assert_eq!(missing_fields, None);
                message
            }
            other => panic!("expected 400, got {other:?}"),
        }
    }

    #[test]
    fn limit_messages_match_zod() {
        assert_eq!(limit_error("0"), "Too small: expected number to be >=1");
        assert_eq!(limit_error(""), "Too small: expected number to be >=1");
        assert_eq!(limit_error("101"), "Too big: expected number to be <=100");
        assert_eq!(
            limit_error("abc"),
            "Invalid input: expected number, received NaN"
        );
        assert_eq!(
            limit_error("1.5"),
            "Invalid input: expected int, received number"
        );
        assert_eq!(
            limit_error("inf"),
            "Invalid input: expected number, received NaN"
        );
    }

    #[test]
    fn limit_is_coerced_like_javascript_number() {
        let limit = |raw| runs_query(&pairs(&[("limit", raw)])).unwrap().limit;
        assert_eq!(limit(" 5 "), 5);
        assert_eq!(limit("0x10"), 16);
        assert_eq!(limit("1e2"), 100);
        assert_eq!(runs_query(&[]).unwrap().limit, 20);
    }

    #[test]
    fn blank_run_id_means_list_mode_and_last_value_wins() {
        let query = runs_query(&pairs(&[("runId", "run_a"), ("runId", "  ")])).unwrap();
        assert_eq!(query.run_id, None);
    }

    fn artists_error(items: &[(&str, &str)]) -> String {
        match artists_query(&pairs(items)) {
            Err(ApiFailure::Invalid { message, .. }) => message,
            other => panic!("expected 400, got {other:?}"),
        }
    }

    #[test]
    fn artists_query_checks_account_id_then_org_id() {
        const ID: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
        assert_eq!(
            artists_error(&[("account_id", "")]),
            "account_id must be a valid UUID"
        );
        assert_eq!(
            artists_error(&[("org_id", "x"), ("account_id", "x")]),
            "account_id must be a valid UUID"
        );
        assert_eq!(
            artists_error(&[("account_id", ID), ("org_id", "")]),
            "org_id must be a valid UUID"
        );
        assert_eq!(
            artists_query(&pairs(&[("org_id", ID)])).unwrap(),
            ArtistsQuery {
                account_id: None,
                org_id: Some(ID.to_string())
            }
        );
    }

    #[test]
    fn enabled_false_means_disabled() {
        assert_eq!(
            tasks_query(&pairs(&[("enabled", "false")])).enabled,
            Some(false)
        );
        assert_eq!(
            tasks_query(&pairs(&[("enabled", "true")])).enabled,
            Some(true)
        );
        assert_eq!(tasks_query(&pairs(&[("enabled", "")])).enabled, Some(false));
    }
}
