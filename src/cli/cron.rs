//! `recoup-tasks cron`: crontab.guru in the terminal, with the hosted scheduler's exact answers.

use std::fmt::Write as _;

use chrono::{DateTime, Offset, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::model::english_schedule::english_reading;
use crate::present::english::{NOT_CRON_EITHER, translation_line};
use crate::present::{ScheduleHint, dst_notes, fire_line, local_zone, schedule_hint, zone_hint};
use trigger_cron::{CronField, ScheduleError, timezones};

/// `recoup-tasks cron EXPR [--tz ZONE] [--from RFC3339] [-n N] [--json]`
#[derive(Debug, Clone, clap::Args)]
pub struct CronArgs {
    /// The cron expression, or a schedule in plain English (`"weekdays at 9am"`), quoted as one
    /// argument; put `--` before one that starts with `-`.
    pub expression: String,
    /// IANA time zone the schedule runs in.
    #[arg(long = "tz", value_name = "ZONE", default_value = timezones::DEFAULT_ZONE)]
    pub zone: String,
    /// Compute fire times after this instant (RFC 3339) instead of now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
    pub from: Option<DateTime<Utc>>,
    /// How many fire times to show.
    #[arg(short = 'n', value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub count: u16,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("not an RFC 3339 instant ({e}), e.g. 2026-12-03T09:00:00Z"))
}

/// What the command found: everything both outputs are made from.
pub struct CronReport {
    pub expression: String,
    pub zone_name: String,
    pub zone: Option<Tz>,
    pub result: Result<(String, Vec<DateTime<Utc>>), ScheduleError>,
    /// What to do about a refusal (a zone's or the expression's).
    pub hint: Option<ScheduleHint>,
    /// One sentence per DST day in the 12 months from `--from` that skips or repeats one of
    /// the schedule's fire times (text output only).
    pub dst_notes: Vec<String>,
    /// Set when `expression` was translated from English: the phrase as typed, and what the
    /// expression does that the phrase may not lead one to expect.
    pub translation: Option<Translated>,
}

/// The English phrase an expression came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    pub phrase: String,
    pub note: Option<String>,
}

/// The JSON output, keys in the documented order.
#[derive(Serialize)]
struct CronJson<'a> {
    expression: &'a str,
    timezone: &'a str,
    valid: bool,
    error: Option<&'a str>,
    /// What to do about the error, when there is more to say than the scheduler's words.
    hint: Option<String>,
    description: Option<&'a str>,
    next: Vec<String>,
    /// Only for a phrase read as English: the phrase as typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    translated_from: Option<&'a str>,
    /// Only for a phrase read as English: what the expression does that the phrase may not
    /// lead one to expect (`null` when nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    translation_note: Option<Option<&'a str>>,
}

/// What was typed, as the scheduler reads it — or, when it refuses the text and the text reads
/// as English, as the cron expression the phrase translates to.
pub fn evaluate_text(text: &str, zone_name: &str, from: DateTime<Utc>, count: usize) -> CronReport {
    let reading = english_reading(text);
    let zone_ok = timezones::resolve(zone_name).is_ok();
    match reading {
        Some(Ok(translation)) => {
            let mut report = evaluate(&translation.expression, zone_name, from, count);
            report.translation = Some(Translated {
                phrase: text.to_string(),
                note: translation.note,
            });
            report
        }
        // A bad zone is named first, as for any expression.
        Some(Err(error)) if zone_ok => CronReport {
            expression: text.to_string(),
            zone_name: zone_name.to_string(),
            zone: timezones::resolve(zone_name).ok(),
            result: Err(ScheduleError::new(error.to_string())),
            hint: error.span().map(|caret| ScheduleHint {
                text: NOT_CRON_EITHER.to_string(),
                caret: Some(caret),
            }),
            dst_notes: Vec::new(),
            translation: None,
        },
        Some(Err(_)) | None => evaluate(text, zone_name, from, count),
    }
}

/// Validate, describe and compute the next fires, as the scheduler would.
pub fn evaluate(
    expression: &str,
    zone_name: &str,
    from: DateTime<Utc>,
    count: usize,
) -> CronReport {
    let evaluation = trigger_cron::check(expression, zone_name, from, count);
    // The zone is named first: with a bad `--tz` nothing about the expression can be shown.
    let zone_error = evaluation
        .zone
        .as_ref()
        .err()
        .map(|e| ScheduleError::new(e.to_string()));
    let hint = match (&zone_error, evaluation.schedule.as_ref()) {
        (Some(_), _) => zone_hint(zone_name, from).map(|text| ScheduleHint { text, caret: None }),
        (None, Err(e)) => schedule_hint(expression, e),
        (None, Ok(_)) => None,
    };
    let notes = match (&evaluation.schedule, &evaluation.zone) {
        (Ok(schedule), Ok(zone)) => dst_notes(schedule, *zone, from),
        (Err(_), _) | (_, Err(_)) => Vec::new(),
    };
    let result = match zone_error {
        Some(error) => Err(error),
        // The description carries the parse error when there is one.
        None => evaluation
            .description()
            .and_then(|description| Ok((description, evaluation.fires?))),
    };
    CronReport {
        expression: expression.to_string(),
        zone_name: zone_name.to_string(),
        zone: evaluation.zone.ok(),
        hint: hint.or_else(|| {
            // A schedule that parses but never fires is only found out by its fires.
            let error = result.as_ref().err()?;
            schedule_hint(expression, error)
        }),
        dst_notes: if result.is_ok() { notes } else { Vec::new() },
        result,
        translation: None,
    }
}

/// Run the command; returns the process exit status (0 valid, 1 invalid).
pub fn run(args: &CronArgs) -> i32 {
    let from = args.from.unwrap_or_else(Utc::now);
    let report = evaluate_text(&args.expression, &args.zone, from, usize::from(args.count));
    let text = if args.json {
        render_json(&report)
    } else {
        render_text(&report, from, Some(local_zone()))
    };
    println!("{text}");
    i32::from(report.result.is_err())
}

pub fn render_json(report: &CronReport) -> String {
    let (description, next, error) = match &report.result {
        Ok((description, next)) => (
            Some(description.as_str()),
            next.iter()
                .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
                .collect(),
            None,
        ),
        Err(e) => (None, Vec::new(), Some(e.message.as_str())),
    };
    let hint = report.hint.as_ref().map(|hint| hint.text.clone());
    let json = CronJson {
        expression: &report.expression,
        timezone: &report.zone_name,
        valid: report.result.is_ok(),
        error,
        hint,
        description,
        next,
        translated_from: report.translation.as_ref().map(|t| t.phrase.as_str()),
        translation_note: report.translation.as_ref().map(|t| t.note.as_deref()),
    };
    serde_json::to_string(&json).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// The text output: the verdict, the description, and one fire per line in the schedule's
/// zone, followed by the viewer's local time when it differs, with DST changes marked; then
/// the DST days of the next 12 months that skip or repeat one of the schedule's fire times.
pub fn render_text(report: &CronReport, from: DateTime<Utc>, local: Option<Tz>) -> String {
    let mut out = String::new();
    if let Some(translated) = &report.translation {
        let description = report.result.as_ref().ok().map(|(d, _)| d.as_str());
        let line = translation_line(&translated.phrase, &report.expression, description);
        let _ = writeln!(out, "{line}");
        if let Some(note) = &translated.note {
            let _ = writeln!(out, "hint: {note}");
        }
    }
    let (description, fires) = match &report.result {
        Err(e) => {
            let _ = writeln!(out, "invalid: {}", e.message);
            let hint = report.hint.as_ref();
            match hint.and_then(|h| h.caret) {
                Some((start, width)) => {
                    let _ = writeln!(out, "  {}", report.expression);
                    let _ = writeln!(out, "  {}{}", " ".repeat(start), "^".repeat(width));
                }
                None => {
                    if let Some(pointer) = point_at_field(&report.expression, e.field) {
                        out.push_str(&pointer);
                    }
                }
            }
            if let Some(hint) = hint {
                let _ = writeln!(out, "hint: {}", hint.text);
            }
            return out.trim_end().to_string();
        }
        Ok(found) => found,
    };
    let Some(zone) = report.zone else {
        return out;
    };
    let _ = writeln!(out, "valid: {}", report.expression);
    let _ = writeln!(out, "{description}");
    let _ = writeln!(out, "next {} in {}:", fires.len(), report.zone_name);
    let mut previous_offset = zone.offset_from_utc_datetime(&from.naive_utc()).fix();
    for fire in fires {
        let line = fire_line(*fire, zone, local, &mut previous_offset);
        let _ = writeln!(out, "  {line}");
    }
    if !report.dst_notes.is_empty() {
        let _ = writeln!(out, "DST changes in the next 12 months:");
        for note in &report.dst_notes {
            let _ = writeln!(out, "  {note}");
        }
    }
    out.trim_end().to_string()
}

/// Underline the field at fault: the expression, then carets under that field.
fn point_at_field(expression: &str, field: Option<CronField>) -> Option<String> {
    let field = field?;
    let Some((start, width)) = field.span_in(expression) else {
        return Some(format!("  in the {} field\n", field.name()));
    };
    Some(format!(
        "  {expression}\n  {}{} {}\n",
        " ".repeat(start),
        "^".repeat(width),
        field.name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap_or_default()
    }

    #[test]
    fn json_for_a_valid_expression_lists_fires_as_utc_with_milliseconds() {
        let report = evaluate("0 9 * * 4", "UTC", at("2024-01-01T00:00:00Z"), 2);
        assert_eq!(
            render_json(&report),
            r#"{"expression":"0 9 * * 4","timezone":"UTC","valid":true,"error":null,"hint":null,"description":"At 09:00 AM, only on Thursday","next":["2024-01-04T09:00:00.000Z","2024-01-11T09:00:00.000Z"]}"#
        );
    }

    #[test]
    fn json_for_an_invalid_expression_carries_the_bare_message() {
        let report = evaluate("-1 9 * * 4", "UTC", at("2024-01-01T00:00:00Z"), 5);
        assert_eq!(
            render_json(&report),
            r#"{"expression":"-1 9 * * 4","timezone":"UTC","valid":false,"error":"Constraint error, got value -1 expected range 0-59","hint":null,"description":null,"next":[]}"#
        );
    }

    #[test]
    fn a_schedule_that_never_fires_is_invalid() {
        let report = evaluate("0 0 31 2,4 *", "UTC", at("2024-01-01T00:00:00Z"), 5);
        assert_eq!(
            report.result.err().map(|e| e.message),
            Some("Invalid expression, loop limit exceeded".to_string())
        );
    }

    #[test]
    fn text_marks_a_dst_change_and_shows_local_time_when_it_differs() {
        let report = evaluate(
            "30 2 * * *",
            "America/New_York",
            at("2024-03-09T12:00:00Z"),
            2,
        );
        let text = render_text(&report, at("2024-03-09T12:00:00Z"), Some(Tz::UTC));
        assert_eq!(
            text,
            "valid: 30 2 * * *\nAt 02:30 AM\nnext 2 in America/New_York:\n  \
             Sun 2024-03-10 03:30 EDT  (Sun 2024-03-10 07:30 UTC local)  <- DST change (UTC-05:00 -> UTC-04:00)\n  \
             Mon 2024-03-11 02:30 EDT  (Mon 2024-03-11 06:30 UTC local)\n\
             DST changes in the next 12 months:\n  \
             Sun 2024-03-10: 02:30 does not exist — fires at 03:30 EDT\n  \
             Sun 2025-03-09: 02:30 does not exist — fires at 03:30 EDT"
        );
    }

    #[test]
    fn text_points_at_the_field_at_fault() {
        let report = evaluate("0 25 * * *", "UTC", at("2024-01-01T00:00:00Z"), 5);
        let text = render_text(&report, at("2024-01-01T00:00:00Z"), None);
        assert_eq!(
            text,
            "invalid: Constraint error, got value 25 expected range 0-23\n  0 25 * * *\n    ^^ hour"
        );
    }

    #[test]
    fn unknown_zone_is_reported_with_the_hosted_message() {
        let report = evaluate("0 9 * * *", "Mars/Olympus", at("2024-01-01T00:00:00Z"), 5);
        assert_eq!(
            report.result.err().map(|e| e.message),
            Some("Invalid IANA timezone: 'Mars/Olympus'".to_string())
        );
    }
}
