//! The checks a create or update must pass before it is sent, worded as the service words its
//! refusals (spec §2.3, §2.4, §5): body rules in the schema's field order, then the schedule as
//! the scheduler checks it — so a bad schedule never reaches the service. The TUI's form shows
//! the same messages inline.

use chrono::{DateTime, Utc};

use super::ClientError;
use crate::model::{CreateTask, UpdateTask, is_uuid, normalize_uuid};
use trigger_cron::{ScheduleError, timezones};

const ZONE_MESSAGE: &str = "timezone must be a valid IANA time zone";

fn invalid(field: &str, message: impl Into<String>) -> ClientError {
    ClientError::Invalid {
        message: message.into(),
        field: field.to_string(),
    }
}

fn non_empty(field: &str, value: &str, message: &str) -> Result<(), ClientError> {
    if value.is_empty() {
        Err(invalid(field, message))
    } else {
        Ok(())
    }
}

/// Whether `text` names an account as the service accepts it once the client has cleaned it
/// (trimmed, lower-cased, without control characters): the one rule for an account id, used
/// by the client before sending and by the TUI's form as the user types.
pub fn is_account_id(text: &str) -> bool {
    is_uuid(&normalize_uuid(text))
}

fn uuid(field: &str, value: &str, message: &str) -> Result<(), ClientError> {
    if is_uuid(value) {
        Ok(())
    } else {
        Err(invalid(field, message))
    }
}

/// A zone the tz database knows (the body rule; the scheduler's own list is checked with the
/// schedule): also `tasks apply`'s check of a file's zones.
pub fn known_zone(zone: &str) -> Result<(), ClientError> {
    if !zone.is_empty() && timezones::is_known_to_tz_database(zone) {
        Ok(())
    } else {
        Err(invalid("timezone", ZONE_MESSAGE))
    }
}

/// Checks a create body as the service would, field by field, then its schedule.
pub fn check_create(draft: &CreateTask, now: DateTime<Utc>) -> Result<(), ClientError> {
    non_empty("title", &draft.title, "title parameter is required")?;
    non_empty("prompt", &draft.prompt, "prompt parameter is required")?;
    non_empty(
        "schedule",
        &draft.schedule,
        "schedule parameter is required",
    )?;
    let artist = &draft.artist_account_id;
    non_empty(
        "artist_account_id",
        artist,
        "artist_account_id parameter is required",
    )?;
    uuid(
        "artist_account_id",
        artist,
        "artist_account_id must be a valid UUID",
    )?;
    if let Some(account) = &draft.account_id {
        uuid("account_id", account, "account_id must be a valid UUID")?;
    }
    if let Some(zone) = &draft.timezone {
        known_zone(zone)?;
    }
    let zone = draft.timezone.as_deref().unwrap_or(timezones::DEFAULT_ZONE);
    check_schedule(&draft.schedule, Some(zone), now)
}

/// Checks an update body as the service would, field by field, then the schedule and zone it
/// changes.
pub fn check_update(changes: &UpdateTask, now: DateTime<Utc>) -> Result<(), ClientError> {
    uuid("id", &changes.id, "id must be a valid UUID")?;
    let texts = [
        ("title", &changes.title),
        ("prompt", &changes.prompt),
        ("schedule", &changes.schedule),
    ];
    for (field, value) in texts {
        if let Some(value) = value {
            non_empty(field, value, &format!("{field} must be a non-empty string"))?;
        }
    }
    for (field, value) in [
        ("account_id", &changes.account_id),
        ("artist_account_id", &changes.artist_account_id),
    ] {
        if let Some(value) = value {
            uuid(field, value, &format!("{field} must be a valid UUID"))?;
        }
    }
    if let Some(model) = &changes.model {
        non_empty("model", model, "model must be a non-empty string")?;
    }
    if let Some(zone) = &changes.timezone {
        known_zone(zone)?;
    }
    match &changes.schedule {
        Some(expression) => check_schedule(expression, changes.timezone.as_deref(), now),
        None => match &changes.timezone {
            Some(zone) => resolve_zone(zone).map(|_| ()),
            None => Ok(()),
        },
    }
}

fn resolve_zone(zone: &str) -> Result<chrono_tz::Tz, ClientError> {
    timezones::resolve(zone).map_err(|err| invalid("timezone", err.to_string()))
}

/// The scheduler's own check: the cron must parse, the zone must be on its list, and the
/// schedule must fire at least once. With no zone (an update that keeps the task's), the cron
/// is tried in UTC.
pub fn check_schedule(
    expression: &str,
    zone: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ClientError> {
    let cron_error = |err: ScheduleError| {
        invalid(
            "schedule",
            format!("Invalid cron expression: {}", err.message),
        )
    };
    let evaluation =
        trigger_cron::check(expression, zone.unwrap_or(timezones::DEFAULT_ZONE), now, 1);
    evaluation.schedule.map_err(cron_error)?;
    evaluation
        .zone
        .map_err(|err| invalid("timezone", err.to_string()))?;
    evaluation.fires.map_err(cron_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

    fn draft(schedule: &str, zone: Option<&str>) -> CreateTask {
        CreateTask {
            title: "t".into(),
            prompt: "p".into(),
            schedule: schedule.into(),
            artist_account_id: ARTIST.into(),
            account_id: None,
            model: None,
            timezone: zone.map(str::to_string),
        }
    }

    fn message(result: Result<(), ClientError>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn create_refuses_bad_cron_unknown_zone_unlisted_zone_and_never_firing_schedule() {
        let now = Utc::now();
        assert_eq!(
            message(check_create(&draft("0 25 * * *", None), now)),
            "Invalid cron expression: Constraint error, got value 25 expected range 0-23"
        );
        assert_eq!(
            message(check_create(&draft("0 9 * * *", Some("Mars/Base")), now)),
            "timezone must be a valid IANA time zone"
        );
        assert_eq!(
            message(check_create(&draft("0 9 * * *", Some("US/Eastern")), now)),
            "Invalid IANA timezone: 'US/Eastern'"
        );
        assert!(
            message(check_create(&draft("0 0 31 2 *", None), now))
                .starts_with("Invalid cron expression: ")
        );
        assert!(check_create(&draft("0 9 * * 1", Some("Europe/Berlin")), now).is_ok());
    }

    #[test]
    fn an_account_id_is_checked_as_the_client_sends_it() {
        // What the form accepts as the user types is what the client then sends and checks.
        assert!(is_account_id("  1B4E28BA-2FA1-41D2-883F-0016D3CCA427\r\n"));
        assert!(is_account_id(
            "1b4e28ba-2fa1-41d2-883f-0016d3cca427\u{1b}[0m"
        ));
        assert!(!is_account_id("1b4e28ba-2fa1-41d2-883f"));
        assert!(!is_account_id("1b4e28ba-2fa1-91d2-883f-0016d3cca427"));
        let draft = CreateTask {
            artist_account_id: "  1B4E28BA-2FA1-41D2-883F-0016D3CCA427\r\n".into(),
            ..draft("0 9 * * 1", None)
        };
        assert!(check_create(&crate::model::clean_create(&draft), Utc::now()).is_ok());
    }

    #[test]
    fn update_checks_fields_in_schema_order() {
        let now = Utc::now();
        let changes = UpdateTask {
            id: "nope".into(),
            title: Some(String::new()),
            ..UpdateTask::default()
        };
        assert_eq!(
            message(check_update(&changes, now)),
            "id must be a valid UUID"
        );
        let changes = UpdateTask {
            id: ARTIST.into(),
            title: Some(String::new()),
            ..UpdateTask::default()
        };
        assert_eq!(
            message(check_update(&changes, now)),
            "title must be a non-empty string"
        );
        let changes = UpdateTask {
            id: ARTIST.into(),
            artist_account_id: Some("x".into()),
            ..UpdateTask::default()
        };
        assert_eq!(
            message(check_update(&changes, now)),
            "artist_account_id must be a valid UUID"
        );
    }
}
