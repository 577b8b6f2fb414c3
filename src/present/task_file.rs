//! Tasks as a file a person edits, reviews and keeps in git (`tasks export`, `tasks apply`, the
//! TUI's `X`): TOML (`[[task]]` tables, the prompt as a multi-line string, the artist's name as
//! a comment) or JSON (an array of objects with the same fields). Only what a person authors is
//! written — title, prompt, schedule, timezone, artist, model, enabled — never what the server
//! makes (ids, timestamps, runs).
//!
//! The TOML is written by hand, for the comments; [`read`] parses it with the `toml` crate and
//! gives back exactly the values written (a property test holds the two together), and tells
//! the line of every value so a problem can be named where it is.

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::model::{Task, clean_line, is_invisible_format};

/// The zone of a task that names none (the service's default).
const DEFAULT_ZONE: &str = "UTC";

/// One task as the file holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileTask {
    pub title: String,
    pub prompt: String,
    pub schedule: String,
    pub timezone: String,
    /// The artist's account id.
    pub artist: String,
    /// The artist's name, written as a comment beside the id (TOML only); never read back.
    #[serde(skip)]
    pub artist_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub enabled: bool,
}

impl FileTask {
    /// What the file says of `task`: a task without a zone runs in UTC, one without `enabled`
    /// is enabled.
    pub fn from_task<R>(task: &Task<R>) -> FileTask {
        FileTask {
            title: task.title.clone(),
            prompt: task.prompt.clone(),
            schedule: task.schedule.clone(),
            timezone: task
                .timezone
                .clone()
                .filter(|zone| !zone.is_empty())
                .unwrap_or_else(|| DEFAULT_ZONE.to_string()),
            artist: task.artist_account_id.clone(),
            artist_name: task.artist_name.clone(),
            model: task.model.clone().filter(|model| !model.is_empty()),
            enabled: task.enabled != Some(false),
        }
    }
}

/// `tasks` in the file's order: by artist id, then title (then the rest, so that the order is
/// the same whatever order the server listed them in).
pub fn file_tasks<R>(tasks: &[Task<R>]) -> Vec<FileTask> {
    let mut out: Vec<FileTask> = tasks.iter().map(FileTask::from_task).collect();
    out.sort_by(|a, b| {
        (&a.artist, &a.title, &a.schedule, &a.prompt).cmp(&(
            &b.artist,
            &b.title,
            &b.schedule,
            &b.prompt,
        ))
    });
    out
}

/// The file's opening comment: what it is and how to apply it.
const TOML_HEADER: &str = "\
# Scheduled tasks of recoup-tasks, one [[task]] table each. A task is known by its artist and
# title: changing either makes it another task. Edit, then make the account match this file:
#   recoup-tasks tasks apply -f FILE --dry-run   # show the plan, change nothing
#   recoup-tasks tasks apply -f FILE             # show the plan, ask, then change
# `artists = [\"id\", …]` in place of `artist` makes one task per artist; without `model` a task
# keeps the model it has; `enabled` defaults to true and `timezone` to UTC.
";

/// `tasks` as TOML: the header, then one `[[task]]` table each.
pub fn to_toml(tasks: &[FileTask]) -> String {
    let mut out = String::from(TOML_HEADER);
    for task in tasks {
        out.push_str("\n[[task]]\n");
        let _ = writeln!(out, "title = {}", toml_string(&task.title));
        let _ = writeln!(out, "prompt = {}", toml_text(&task.prompt));
        let _ = writeln!(out, "schedule = {}", toml_string(&task.schedule));
        let _ = writeln!(out, "timezone = {}", toml_string(&task.timezone));
        let _ = write!(out, "artist = {}", toml_string(&task.artist));
        match task.artist_name.as_deref().map(comment_text) {
            Some(name) if !name.is_empty() => {
                let _ = writeln!(out, "  # {name}");
            }
            _ => out.push('\n'),
        }
        if let Some(model) = &task.model {
            let _ = writeln!(out, "model = {}", toml_string(model));
        }
        let _ = writeln!(out, "enabled = {}", task.enabled);
    }
    out
}

/// `tasks` as a JSON array (2-space indent, fields in the TOML's order), with a final newline.
pub fn to_json(tasks: &[FileTask]) -> String {
    serde_json::to_string_pretty(tasks).unwrap_or_else(|_| "[]".to_string()) + "\n"
}

/// Text that goes in a comment: one line, nothing a terminal or TOML would read as a control.
fn comment_text(text: &str) -> String {
    clean_line(text).trim().to_string()
}

/// A TOML basic string (`"…"`) holding exactly `text`.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => push_char(&mut out, c),
        }
    }
    out.push('"');
    out
}

/// The prompt: a basic string when it is one line, else a multi-line string (`"""` then a line
/// break, which TOML drops) holding exactly `text` — its line breaks as they are, a `"` escaped
/// when another follows it or it ends the text (so no `"""` closes the string early), every
/// backslash, carriage return and other control character escaped.
fn toml_text(text: &str) -> String {
    if !text.contains('\n') {
        return toml_string(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str("\"\"\"\n");
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if matches!(chars.peek(), None | Some('"')) => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("\\r"),
            c => push_char(&mut out, c),
        }
    }
    out.push_str("\"\"\"");
    out
}

/// `c`, escaped as `\uXXXX` when it is a control character (which TOML refuses raw) or an
/// invisible format character (which a reviewer could not see).
fn push_char(out: &mut String, c: char) {
    if c.is_control() || is_invisible_format(c) {
        let code = c as u32;
        if code > 0xFFFF {
            let _ = write!(out, "\\U{code:08X}");
        } else {
            let _ = write!(out, "\\u{code:04X}");
        }
    } else {
        out.push(c);
    }
}

/// The file's format: JSON for a `.json` file, else TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Toml,
    Json,
}

impl FileFormat {
    /// JSON when `path` ends in `.json` (any case), else TOML.
    pub fn of_path(path: &str) -> FileFormat {
        if path.to_ascii_lowercase().ends_with(".json") {
            FileFormat::Json
        } else {
            FileFormat::Toml
        }
    }
}

/// A value read from the file, with the line it is on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub line: usize,
}

/// One task as read, before any check of its values: the fields it has, each with its line.
/// `artists` holds the one `artist`, or each of `artists`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadTask {
    /// Where the task starts.
    pub line: usize,
    pub title: At<String>,
    pub prompt: At<String>,
    pub schedule: At<String>,
    pub timezone: Option<At<String>>,
    pub artists: Vec<At<String>>,
    pub model: Option<At<String>>,
    pub enabled: Option<At<bool>>,
}

/// A problem in the file, at a line when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub line: Option<usize>,
    pub message: String,
}

impl FileProblem {
    pub fn at(line: usize, message: impl Into<String>) -> FileProblem {
        FileProblem {
            line: Some(line),
            message: message.into(),
        }
    }
}

impl fmt::Display for FileProblem {
    /// `line 12: schedule …`, or the message alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A value of a task's field as read, before its type is checked.
#[derive(Debug, Clone)]
enum RawValue {
    Text(String),
    Bool(bool),
    /// An array: its items, each text or not (`None`).
    List(Vec<Option<String>>),
    /// Any other type (a number, a date, a table, null).
    Other,
}

/// A task's fields as read, each with its line, in the file's order.
struct RawTask {
    line: usize,
    fields: Vec<(String, usize, RawValue)>,
}

const FIELDS: &str = "title, prompt, schedule, timezone, artist or artists, model, enabled";

/// Reads a task file: every task with the line of each value, or every problem of its shape
/// (not TOML or JSON, an unknown field, a value of the wrong type, a missing field).
pub fn read(text: &str, format: FileFormat) -> Result<Vec<ReadTask>, Vec<FileProblem>> {
    let raw = match format {
        FileFormat::Toml => read_toml(text),
        FileFormat::Json => read_json(text),
    }
    .map_err(|problem| vec![problem])?;
    let mut tasks = Vec::new();
    let mut problems = Vec::new();
    for task in raw {
        match shape(task) {
            Ok(task) => tasks.push(task),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() {
        Ok(tasks)
    } else {
        Err(problems)
    }
}

/// The typed task of a raw one, or what is wrong with its fields.
fn shape(raw: RawTask) -> Result<ReadTask, Vec<FileProblem>> {
    let mut problems = Vec::new();
    let mut texts: HashMap<&'static str, At<String>> = HashMap::new();
    let mut enabled = None;
    let mut artists: Option<(usize, Vec<At<String>>)> = None;
    let mut artist: Option<At<String>> = None;
    // A field that is there with a wrong value is not missing as well.
    let seen: Vec<String> = raw.fields.iter().map(|(key, _, _)| key.clone()).collect();
    let has = |name: &str| seen.iter().any(|key| key == name);
    for (key, line, value) in raw.fields {
        let wrong = |what: &str| FileProblem::at(line, format!("{key} must be {what}"));
        match key.as_str() {
            "title" | "prompt" | "schedule" | "timezone" | "model" | "artist" => {
                let RawValue::Text(text) = value else {
                    problems.push(wrong("a string"));
                    continue;
                };
                let at = At { value: text, line };
                match key.as_str() {
                    "title" => texts.insert("title", at),
                    "prompt" => texts.insert("prompt", at),
                    "schedule" => texts.insert("schedule", at),
                    "timezone" => texts.insert("timezone", at),
                    "model" => texts.insert("model", at),
                    _ => artist.replace(at),
                };
            }
            "enabled" => match value {
                RawValue::Bool(value) => enabled = Some(At { value, line }),
                _ => problems.push(wrong("true or false")),
            },
            "artists" => match value {
                RawValue::List(items) if items.iter().all(Option::is_some) => {
                    let ids = items
                        .into_iter()
                        .flatten()
                        .map(|value| At { value, line })
                        .collect();
                    artists = Some((line, ids));
                }
                _ => problems.push(wrong("a list of artist account ids")),
            },
            other => problems.push(FileProblem::at(
                line,
                format!(
                    "unknown field '{}' (a task has {FIELDS})",
                    clean_line(other)
                ),
            )),
        }
    }
    let mut required = |name: &'static str| match texts.remove(name) {
        Some(at) => Some(at),
        None => {
            if !has(name) {
                problems.push(FileProblem::at(raw.line, format!("the task has no {name}")));
            }
            None
        }
    };
    let (title, prompt, schedule) = (required("title"), required("prompt"), required("schedule"));
    let artists = match (artist, artists) {
        (Some(one), None) => vec![one],
        (None, Some((line, many))) => {
            if many.is_empty() {
                problems.push(FileProblem::at(line, "artists is empty"));
            }
            many
        }
        (Some(one), Some(_)) => {
            problems.push(FileProblem::at(
                one.line,
                "the task has both artist and artists: keep one",
            ));
            Vec::new()
        }
        (None, None) if has("artist") || has("artists") => Vec::new(),
        (None, None) => {
            problems.push(FileProblem::at(
                raw.line,
                "the task has no artist (or artists)",
            ));
            Vec::new()
        }
    };
    match (title, prompt, schedule) {
        (Some(title), Some(prompt), Some(schedule)) if problems.is_empty() => Ok(ReadTask {
            line: raw.line,
            title,
            prompt,
            schedule,
            timezone: texts.remove("timezone"),
            artists,
            model: texts.remove("model"),
            enabled,
        }),
        _ => Err(problems),
    }
}

/// The line (1-based) of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The root of a TOML task file: `[[task]]` tables only.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    task: Vec<Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>>,
}

fn read_toml(text: &str) -> Result<Vec<RawTask>, FileProblem> {
    let file: TomlFile = toml::from_str(text).map_err(|err| FileProblem {
        line: err.span().map(|span| line_of(text, span.start)),
        message: err.message().trim_end().replace('\n', "; "),
    })?;
    let mut tasks = Vec::new();
    for table in file.task {
        let start = line_of(text, table.span().start);
        let mut fields: Vec<(String, usize, RawValue)> = table
            .into_inner()
            .into_iter()
            .map(|(key, value)| {
                let line = line_of(text, value.span().start);
                let value = match value.into_inner() {
                    toml::Value::String(text) => RawValue::Text(text),
                    toml::Value::Boolean(flag) => RawValue::Bool(flag),
                    toml::Value::Array(items) => RawValue::List(
                        items
                            .into_iter()
                            .map(|item| match item {
                                toml::Value::String(text) => Some(text),
                                _ => None,
                            })
                            .collect(),
                    ),
                    _ => RawValue::Other,
                };
                (key.into_inner(), line, value)
            })
            .collect();
        fields.sort_by_key(|(_, line, _)| *line);
        // A table's span starts at its first value; the task starts at its header above it.
        let line = fields
            .first()
            .map_or(start, |(_, line, _)| header_line(text, *line));
        tasks.push(RawTask { line, fields });
    }
    Ok(tasks)
}

/// The line of the `[[task]]` header at or above line `from`, else `from`.
fn header_line(text: &str, from: usize) -> usize {
    let lines: Vec<&str> = text.lines().take(from).collect();
    lines
        .iter()
        .rposition(|line| line.trim_start().starts_with("[["))
        .map_or(from, |index| index + 1)
}

fn read_json(text: &str) -> Result<Vec<RawTask>, FileProblem> {
    let items: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|err| {
        let message = err.to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_string(),
            None => message,
        };
        FileProblem {
            line: (err.line() > 0).then_some(err.line()),
            message: format!("not a JSON array of tasks: {message}"),
        }
    })?;
    let lines = json_lines(text);
    let mut tasks = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let (start, keys) = lines.get(index).cloned().unwrap_or_default();
        let serde_json::Value::Object(object) = item else {
            return Err(FileProblem::at(
                start.max(1),
                "a task must be a JSON object",
            ));
        };
        let fields = object
            .into_iter()
            .map(|(key, value)| {
                let line = keys.get(&key).copied().unwrap_or(start);
                let value = match value {
                    serde_json::Value::String(text) => RawValue::Text(text),
                    serde_json::Value::Bool(flag) => RawValue::Bool(flag),
                    serde_json::Value::Array(items) => RawValue::List(
                        items
                            .into_iter()
                            .map(|item| match item {
                                serde_json::Value::String(text) => Some(text),
                                _ => None,
                            })
                            .collect(),
                    ),
                    _ => RawValue::Other,
                };
                (key, line, value)
            })
            .collect();
        tasks.push(RawTask {
            line: start,
            fields,
        });
    }
    Ok(tasks)
}

/// For each object of a JSON array (already known to parse): the line it starts on and the
/// line of each of its keys' values. serde_json keeps no positions; this walks the text.
fn json_lines(text: &str) -> Vec<(usize, HashMap<String, usize>)> {
    let mut out: Vec<(usize, HashMap<String, usize>)> = Vec::new();
    let mut depth = 0usize;
    let mut line = 1;
    let mut last_string: Option<String> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '"' => {
                let mut string = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            // The key is compared unescaped only in the common case; an
                            // escaped key falls back to the object's line.
                            string.push('\u{fffd}');
                            chars.next();
                        }
                        '"' => break,
                        c => string.push(c),
                    }
                }
                if depth == 2 {
                    last_string = Some(string);
                }
            }
            ':' if depth == 2 => {
                while let Some(&next) = chars.peek() {
                    if !next.is_whitespace() {
                        break;
                    }
                    if next == '\n' {
                        line += 1;
                    }
                    chars.next();
                }
                if let (Some(key), Some(object)) = (last_string.take(), out.last_mut()) {
                    object.1.insert(key, line);
                }
            }
            '{' | '[' => {
                depth += 1;
                if depth == 2 && c == '{' {
                    out.push((line, HashMap::new()));
                }
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

    fn task(title: &str, prompt: &str) -> FileTask {
        FileTask {
            title: title.into(),
            prompt: prompt.into(),
            schedule: "0 9 * * 1".into(),
            timezone: "Europe/Berlin".into(),
            artist: ARTIST.into(),
            artist_name: Some("Del Water Gap".into()),
            model: None,
            enabled: true,
        }
    }

    /// What `read` gives back, as the fields written (the name, a comment, is not read).
    fn read_back(text: &str, format: FileFormat) -> Vec<FileTask> {
        read(text, format)
            .unwrap_or_else(|problems| panic!("{problems:?} in\n{text}"))
            .into_iter()
            .map(|t| FileTask {
                title: t.title.value,
                prompt: t.prompt.value,
                schedule: t.schedule.value,
                timezone: t.timezone.map(|z| z.value).unwrap_or_default(),
                artist: t.artists[0].value.clone(),
                artist_name: None,
                model: t.model.map(|m| m.value),
                enabled: t.enabled.is_none_or(|e| e.value),
            })
            .collect()
    }

    #[test]
    fn the_toml_reads_as_a_person_writes_it() {
        let mut second = task("Daily \"digest\"", "Line one\nLine two\n");
        second.model = Some("openai/gpt-5".into());
        second.enabled = false;
        second.artist_name = Some("Evil\n[[task]]\ntitle = \"x\"".into());
        let text = to_toml(&[task("Weekly", "Summarize fans"), second]);
        assert!(
            text.starts_with("# Scheduled tasks of recoup-tasks"),
            "{text}"
        );
        let body = &text[TOML_HEADER.len()..];
        assert_eq!(
            body,
            "\n[[task]]\ntitle = \"Weekly\"\nprompt = \"Summarize fans\"\nschedule = \"0 9 * * 1\"\ntimezone = \"Europe/Berlin\"\nartist = \"1b4e28ba-2fa1-41d2-883f-0016d3cca427\"  # Del Water Gap\nenabled = true\n\
             \n[[task]]\ntitle = \"Daily \\\"digest\\\"\"\nprompt = \"\"\"\nLine one\nLine two\n\"\"\"\nschedule = \"0 9 * * 1\"\ntimezone = \"Europe/Berlin\"\nartist = \"1b4e28ba-2fa1-41d2-883f-0016d3cca427\"  # Evil [[task]] title = \"x\"\nmodel = \"openai/gpt-5\"\nenabled = false\n"
        );
        let read = read(&text, FileFormat::Toml).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(read.len(), 2, "the name's line breaks made no task");
        assert_eq!(read[1].line, 16);
        assert_eq!(read[1].prompt.line, 18);
        assert_eq!(read[1].schedule.line, 22);
    }

    #[test]
    fn shape_problems_are_all_named_with_their_lines() {
        let text = "[[task]]\ntitle = \"a\"\nprompt = 3\nschedule = \"0 9 * * 1\"\nartist = \"x\"\nartists = [\"y\"]\ncolour = \"red\"\n\n[[task]]\ntitle = \"b\"\n";
        let problems: Vec<String> = read(text, FileFormat::Toml)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "line 3: prompt must be a string",
                "line 7: unknown field 'colour' (a task has title, prompt, schedule, timezone, artist or artists, model, enabled)",
                "line 5: the task has both artist and artists: keep one",
                "line 9: the task has no prompt",
                "line 9: the task has no schedule",
                "line 9: the task has no artist (or artists)",
            ]
        );
        let broken = read("[[task]]\ntitle = \"a\nprompt = \"b\"\n", FileFormat::Toml).unwrap_err();
        assert_eq!(broken[0].line, Some(2), "{broken:?}");
    }

    #[test]
    fn json_values_are_found_on_their_lines() {
        let text = to_json(&[task("Weekly", "a\nb"), task("Other", "c")]);
        assert!(
            text.starts_with("[\n  {\n    \"title\": \"Weekly\",\n    \"prompt\": \"a\\nb\",\n"),
            "{text}"
        );
        let read = read(&text, FileFormat::Json).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!((read[0].line, read[0].schedule.line), (2, 5));
        assert_eq!((read[1].line, read[1].title.line), (10, 11));
        let problems = super::read(
            "[{\"title\": \"a\",\n \"prompt\": \"b\",\n \"schedule\": 5, \"artist\": \"x\"}]",
            FileFormat::Json,
        )
        .unwrap_err();
        assert_eq!(problems[0].to_string(), "line 3: schedule must be a string");
    }

    fn tricky() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("\"".to_string()),
            Just("\"\"\"".to_string()),
            Just("\\".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\t".to_string()),
            Just("'''".to_string()),
            Just("\u{1b}[31m".to_string()),
            Just("\u{202e}".to_string()),
            Just("ファン 🎸".to_string()),
            Just("# not a comment".to_string()),
            Just("\\n".to_string()),
            any::<char>().prop_map(String::from),
            "[a-z ]{0,6}",
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Whatever the title, prompt and name hold, the TOML and the JSON read back exactly.
        #[test]
        fn every_text_reads_back_exactly(title in tricky(), prompt in tricky(), name in tricky(), model in tricky()) {
            let mut written = task(&title, &prompt);
            written.artist_name = Some(name);
            written.model = Some(model.clone());
            for format in [FileFormat::Toml, FileFormat::Json] {
                let text = match format {
                    FileFormat::Toml => to_toml(std::slice::from_ref(&written)),
                    FileFormat::Json => to_json(std::slice::from_ref(&written)),
                };
                let back = read_back(&text, format);
                let mut expected = written.clone();
                expected.artist_name = None;
                prop_assert_eq!(back, vec![expected]);
            }
        }
    }
}
