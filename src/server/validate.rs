//! Request validation, worded exactly as the hosted API's zod 4.1 schemas word it (spec §2):
//! fields are checked in each endpoint's schema order, only the first issue is reported, with
//! its path in `missing_fields`, and unknown keys of strict bodies come last.

use serde_json::{Map, Value};

use super::error::ApiFailure;
use crate::model::{CreateTask, UpdateTask, is_uuid};
use trigger_cron::timezones;

/// One field's rule.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// A string of length ≥ 1; the message for the empty string.
    RequiredText(&'static str),
    /// Absent, or a string; with a message, the string must be non-empty.
    OptionalText(Option<&'static str>),
    /// A UUID string (§2.0); the message for a non-UUID string.
    RequiredUuid(&'static str),
    OptionalUuid(&'static str),
    /// A non-empty string that is also a UUID (local divergence for POST `artist_account_id`).
    RequiredTextUuid(&'static str, &'static str),
    /// Absent, `true`, `false` or `null`.
    OptionalFlag,
    /// Absent, or a zone name the tz database knows.
    OptionalZone,
}

const ZONE_MESSAGE: &str = "timezone must be a valid IANA time zone";

const CREATE_FIELDS: &[(&str, Rule)] = &[
    ("title", Rule::RequiredText("title parameter is required")),
    ("prompt", Rule::RequiredText("prompt parameter is required")),
    (
        "schedule",
        Rule::RequiredText("schedule parameter is required"),
    ),
    (
        "artist_account_id",
        Rule::RequiredTextUuid(
            "artist_account_id parameter is required",
            "artist_account_id must be a valid UUID",
        ),
    ),
    (
        "account_id",
        Rule::OptionalUuid("account_id must be a valid UUID"),
    ),
    ("model", Rule::OptionalText(None)),
    ("timezone", Rule::OptionalZone),
];

const UPDATE_FIELDS: &[(&str, Rule)] = &[
    ("id", Rule::RequiredUuid("id must be a valid UUID")),
    (
        "title",
        Rule::OptionalText(Some("title must be a non-empty string")),
    ),
    (
        "prompt",
        Rule::OptionalText(Some("prompt must be a non-empty string")),
    ),
    (
        "schedule",
        Rule::OptionalText(Some("schedule must be a non-empty string")),
    ),
    (
        "account_id",
        Rule::OptionalUuid("account_id must be a valid UUID"),
    ),
    (
        "artist_account_id",
        Rule::OptionalUuid("artist_account_id must be a valid UUID"),
    ),
    ("enabled", Rule::OptionalFlag),
    (
        "model",
        Rule::OptionalText(Some("model must be a non-empty string")),
    ),
    ("timezone", Rule::OptionalZone),
];

const DELETE_FIELDS: &[(&str, Rule)] = &[("id", Rule::RequiredUuid("id must be a valid UUID"))];

/// Parses a request body as JSON (`Invalid JSON body` otherwise, with no `missing_fields`).
pub fn parse_json(body: &[u8]) -> Result<Value, ApiFailure> {
    serde_json::from_slice(body).map_err(|_| ApiFailure::Invalid {
        message: "Invalid JSON body".to_string(),
        missing_fields: None,
    })
}

/// Validates a `POST /api/tasks` body.
pub fn create_body(body: &Value) -> Result<CreateTask, ApiFailure> {
    let fields = check_object(body, CREATE_FIELDS, true)?;
    Ok(CreateTask {
        title: text(fields, "title").unwrap_or_default(),
        prompt: text(fields, "prompt").unwrap_or_default(),
        schedule: text(fields, "schedule").unwrap_or_default(),
        artist_account_id: text(fields, "artist_account_id").unwrap_or_default(),
        account_id: text(fields, "account_id"),
        model: text(fields, "model"),
        timezone: text(fields, "timezone"),
    })
}

/// Validates a `PATCH /api/tasks` body.
pub fn update_body(body: &Value) -> Result<UpdateTask, ApiFailure> {
    let fields = check_object(body, UPDATE_FIELDS, true)?;
    Ok(UpdateTask {
        id: text(fields, "id").unwrap_or_default(),
        title: text(fields, "title"),
        prompt: text(fields, "prompt"),
        schedule: text(fields, "schedule"),
        account_id: text(fields, "account_id"),
        artist_account_id: text(fields, "artist_account_id"),
        enabled: fields.get("enabled").map(Value::as_bool),
        model: text(fields, "model"),
        timezone: text(fields, "timezone"),
    })
}

/// Validates a `DELETE /api/tasks` body (not strict: other keys are ignored) → the task id.
pub fn delete_body(body: &Value) -> Result<String, ApiFailure> {
    let fields = check_object(body, DELETE_FIELDS, false)?;
    Ok(text(fields, "id").unwrap_or_default())
}

fn text(fields: &Map<String, Value>, name: &str) -> Option<String> {
    fields.get(name).and_then(Value::as_str).map(str::to_string)
}

/// Checks `body` against `fields` in order and returns its object on success.
fn check_object<'a>(
    body: &'a Value,
    fields: &[(&str, Rule)],
    strict: bool,
) -> Result<&'a Map<String, Value>, ApiFailure> {
    let Value::Object(object) = body else {
        return Err(ApiFailure::invalid(
            expected("object", Some(body)),
            Vec::new(),
        ));
    };
    for (name, rule) in fields {
        if let Err(message) = check(*rule, object.get(*name)) {
            return Err(ApiFailure::invalid(message, vec![(*name).to_string()]));
        }
    }
    if strict {
        let unknown: Vec<String> = object
            .keys()
            .filter(|key| !fields.iter().any(|(name, _)| name == key))
            .map(|key| format!("\"{key}\""))
            .collect();
        if !unknown.is_empty() {
            let noun = if unknown.len() == 1 { "key" } else { "keys" };
            return Err(ApiFailure::invalid(
                format!("Unrecognized {noun}: {}", unknown.join(", ")),
                Vec::new(),
            ));
        }
    }
    Ok(object)
}

fn check(rule: Rule, value: Option<&Value>) -> Result<(), String> {
    let string = |value: Option<&Value>| match value {
        Some(Value::String(text)) => Ok(text.clone()),
        other => Err(expected("string", other)),
    };
    match (rule, value) {
        (
            Rule::OptionalText(_) | Rule::OptionalUuid(_) | Rule::OptionalZone | Rule::OptionalFlag,
            None,
        ) => Ok(()),
        (Rule::OptionalFlag, Some(Value::Bool(_) | Value::Null)) => Ok(()),
        (Rule::OptionalFlag, other) => Err(expected("boolean", other)),
        (Rule::RequiredText(empty) | Rule::OptionalText(Some(empty)), value) => {
            non_empty(&string(value)?, empty)
        }
        (Rule::OptionalText(None), value) => string(value).map(|_| ()),
        (Rule::RequiredUuid(message) | Rule::OptionalUuid(message), value) => {
            uuid(&string(value)?, message)
        }
        (Rule::RequiredTextUuid(empty, message), value) => {
            let text = string(value)?;
            non_empty(&text, empty)?;
            uuid(&text, message)
        }
        (Rule::OptionalZone, value) => {
            let text = string(value)?;
            if is_known_zone(&text) {
                Ok(())
            } else {
                Err(ZONE_MESSAGE.to_string())
            }
        }
    }
}

fn non_empty(text: &str, message: &str) -> Result<(), String> {
    if text.is_empty() {
        Err(message.to_string())
    } else {
        Ok(())
    }
}

fn uuid(text: &str, message: &str) -> Result<(), String> {
    if is_uuid(text) {
        Ok(())
    } else {
        Err(message.to_string())
    }
}

/// zod's generic type message, e.g. `Invalid input: expected string, received number`.
pub fn expected(kind: &str, value: Option<&Value>) -> String {
    format!(
        "Invalid input: expected {kind}, received {}",
        js_type(value)
    )
}

/// The type name zod reports for a JSON value (`undefined` when absent).
fn js_type(value: Option<&Value>) -> &'static str {
    match value {
        None => "undefined",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
    }
}

/// Whether the tz database knows `name` (case-insensitively, as `Intl.DateTimeFormat` does).
fn is_known_zone(name: &str) -> bool {
    !name.is_empty() && timezones::is_known_to_tz_database(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn create_error(body: Value) -> (String, Option<Vec<String>>) {
        match create_body(&body) {
            Err(ApiFailure::Invalid {
                message,
                missing_fields,
            }) => (message, missing_fields),
            other => panic!("expected a 400, got {other:?}"),
        }
    }

    const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

    #[test]
    fn missing_title_is_reported_first_with_generic_text() {
        let (message, path) = create_error(json!({}));
        assert_eq!(
            message,
            "Invalid input: expected string, received undefined"
        );
        assert_eq!(path, Some(vec!["title".to_string()]));
    }

    #[test]
    fn unknown_keys_come_after_field_issues_and_are_listed_in_order() {
        let body = json!({"title":"t","prompt":"p","schedule":"0 9 * * *","artist_account_id":ARTIST,"zeta":1,"enabled":true});
        let (message, path) = create_error(body);
        assert_eq!(message, "Unrecognized keys: \"zeta\", \"enabled\"");
        assert_eq!(path, Some(vec![]));
    }

    #[test]
    fn non_object_body_is_rejected_with_received_type() {
        let (message, path) = create_error(json!([1]));
        assert_eq!(message, "Invalid input: expected object, received array");
        assert_eq!(path, Some(vec![]));
    }

    #[test]
    fn non_uuid_artist_is_a_400_in_the_local_server() {
        let body = json!({"title":"t","prompt":"p","schedule":"s","artist_account_id":"nope"});
        assert_eq!(
            create_error(body).0,
            "artist_account_id must be a valid UUID"
        );
    }

    #[test]
    fn zone_unknown_to_tz_database_is_a_400_but_aliases_pass() {
        let body = json!({"title":"t","prompt":"p","schedule":"s","artist_account_id":ARTIST,"timezone":"Mars/Base"});
        assert_eq!(create_error(body).0, ZONE_MESSAGE);
        let body = json!({"title":"t","prompt":"p","schedule":"s","artist_account_id":ARTIST,"timezone":"us/eastern"});
        assert!(create_body(&body).is_ok());
    }

    #[test]
    fn patch_enabled_string_is_rejected_and_null_accepted() {
        let id = ARTIST;
        let err = update_body(&json!({"id":id,"enabled":"true"})).unwrap_err();
        assert_eq!(
            err,
            ApiFailure::invalid(
                "Invalid input: expected boolean, received string",
                vec!["enabled".into()]
            )
        );
        assert_eq!(
            update_body(&json!({"id":id,"enabled":null}))
                .unwrap()
                .enabled,
            Some(None)
        );
    }

    #[test]
    fn delete_ignores_extra_keys() {
        assert_eq!(
            delete_body(&json!({"id":ARTIST,"account_id":"x"})).unwrap(),
            ARTIST
        );
    }
}
