//! A schedule written in English as it reads to a person: the phrase, the cron expression it
//! became and that expression's description, on one line, the same in `recoup-tasks cron` and
//! the form's preview.

/// `weekdays at 9am → 0 9 * * 1-5 · At 09:00 AM, Monday through Friday`; without the
/// description when the expression has none (the scheduler refuses it).
pub fn translation_line(phrase: &str, expression: &str, description: Option<&str>) -> String {
    match description {
        Some(description) => format!("{} → {expression} · {description}", phrase.trim()),
        None => format!("{} → {expression}", phrase.trim()),
    }
}

/// Under an English phrase with a word the grammar does not know: the other way to write it.
pub const NOT_CRON_EITHER: &str = "nor is it a cron expression: five fields, minute hour day-of-month month day-of-week, e.g. 0 9 * * 1-5";
