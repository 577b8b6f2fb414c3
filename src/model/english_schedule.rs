//! Schedules in plain English: a small deterministic grammar of ours (no network, no model)
//! that turns `weekdays at 9am` into one cron expression, `0 9 * * 1-5`.
//!
//! The phrase is read word by word into slots (an interval, times, weekdays, days of the
//! month, months, a cadence word), then the slots are turned into the five fields. Defaults are
//! the cron macros': no time is 00:00, `weekly` is Sunday, `monthly` the 1st, `yearly`
//! 1 January; a month named without a day is every day of it (`in july`), as cron reads it; a
//! bare hour is on the 24-hour clock (`daily at 7` is 07:00). The grammar also
//! reads the engine's own descriptions back (`At 09:00 AM, Monday through Friday`), so a
//! description can be pasted where a schedule is asked for.
//!
//! Only text the scheduler refuses is read as English ([`try_english`]); a cron expression
//! that parses is never reinterpreted, and a macro (`@daily`) keeps the scheduler's error.

use std::collections::BTreeSet;
use std::fmt;

/// A phrase read as one cron expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// The five fields, numeric (the plan gate reads numeric fields only).
    pub expression: String,
    /// What the expression does that the phrase may not lead one to expect (a step that does
    /// not divide the hour, a day of the month and a weekday that fire on either).
    pub note: Option<String>,
}

/// Why a phrase has no cron expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnglishError {
    /// A word the grammar does not know, where it starts (in characters) in the phrase.
    NotUnderstood { word: String, position: usize },
    /// What one cron cannot hold (times with different minutes, a 90-minute beat): two tasks
    /// can.
    NeedsTwoTasks { reason: String },
    /// A value out of range or words that contradict each other (`25:00`, `13pm`,
    /// `every 0 minutes`), said specifically.
    Invalid { message: String },
}

impl fmt::Display for EnglishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnglishError::NotUnderstood { word, .. } => write!(
                f,
                "`{word}` was not understood; try e.g. `weekdays at 9am`, `every monday at 17:30`, `every 15 minutes`"
            ),
            EnglishError::NeedsTwoTasks { reason } => f.write_str(reason),
            EnglishError::Invalid { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for EnglishError {}

impl EnglishError {
    /// Where the word not understood sits in the phrase: (start, width) in characters.
    pub fn span(&self) -> Option<(usize, usize)> {
        match self {
            EnglishError::NotUnderstood { word, position } => {
                Some((*position, word.chars().count().max(1)))
            }
            EnglishError::NeedsTwoTasks { .. } | EnglishError::Invalid { .. } => None,
        }
    }
}

/// How a schedule field's text is to be read: `None` when it is the scheduler's to judge (a
/// cron expression it takes, a macro, a broken cron expression); else its English reading, or
/// why it has none. The scheduler refuses what it cannot parse or describe.
pub fn english_reading(text: &str) -> Option<Result<Translation, EnglishError>> {
    let refused = trigger_cron::parse(text)
        .and_then(|_| trigger_cron::describe(text))
        .is_err();
    if refused { try_english(text) } else { None }
}

/// How text the scheduler refused is to be read: `None` when the scheduler's own error stands
/// (a macro such as `@daily`, or text shaped like a cron expression that the grammar does not
/// read either); else the English reading, or why it has none.
pub fn try_english(text: &str) -> Option<Result<Translation, EnglishError>> {
    if text.trim_start().starts_with('@') {
        return None;
    }
    match translate(text) {
        Ok(translation) => Some(Ok(translation)),
        Err(EnglishError::NotUnderstood { .. }) if looks_like_cron(text) => None,
        Err(error) => Some(Err(error)),
    }
}

/// Text that is a (broken) cron expression rather than a phrase: it has a character only cron
/// uses, or every word is numbers, lists and ranges (`0 9 1 1`).
fn looks_like_cron(text: &str) -> bool {
    if text.contains(['*', '/', '?', '#']) {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '-')
        })
}

/// The cron expression `phrase` reads as.
///
/// ```
/// use recoup_tasks::model::english_schedule::translate;
///
/// assert_eq!(translate("weekdays at 9am").unwrap().expression, "0 9 * * 1-5");
/// assert_eq!(translate("every 15 minutes").unwrap().expression, "*/15 * * * *");
/// ```
pub fn translate(phrase: &str) -> Result<Translation, EnglishError> {
    let tokens = tokenize(phrase);
    let mut reader = Reader {
        tokens: &tokens,
        at: 0,
        slots: Slots::default(),
    };
    reader.read()?;
    if reader.slots.is_empty() {
        return Err(EnglishError::Invalid {
            message: "say when it runs, e.g. `weekdays at 9am` or `every 15 minutes`".into(),
        });
    }
    compose(&reader.slots)
}

// ---------------------------------------------------------------------------------------------
// Words.

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Digits only: `9`, `15`.
    Number(u32),
    /// `9:30`, `9.30pm`, `9am`, `17:45`: hour, minute, and the 12-hour suffix when attached.
    Time(u32, u32, Option<Half>),
    /// `1st`, `15th`.
    Ordinal(u32),
    /// `:30`: minutes past the hour.
    PastMinute(u32),
    Word(String),
    /// `-` between two names: a range.
    Dash,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Half {
    Am,
    Pm,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    /// As typed, for the error.
    text: String,
    /// Where it starts in the phrase, in characters.
    position: usize,
}

/// Split on blanks and commas (`&` reads as `and`, `-` is a token of its own), lower-cased.
fn tokenize(phrase: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let flush = |current: &mut String, start: usize, tokens: &mut Vec<Token>| {
        if !current.is_empty() {
            // A full stop that ends a sentence is no part of the word (`at 9am.`).
            let text = current.trim_end_matches('.').to_string();
            if !text.is_empty() {
                tokens.push(Token {
                    kind: classify(&text.to_lowercase()),
                    text,
                    position: start,
                });
            }
            current.clear();
        }
    };
    for (i, c) in phrase.chars().enumerate() {
        match c {
            c if c.is_whitespace() || c == ',' || c == ';' => {
                flush(&mut current, start, &mut tokens)
            }
            '-' | '–' | '&' => {
                flush(&mut current, start, &mut tokens);
                tokens.push(Token {
                    kind: if c == '&' {
                        Kind::Word("and".into())
                    } else {
                        Kind::Dash
                    },
                    text: c.to_string(),
                    position: i,
                });
            }
            c => {
                if current.is_empty() {
                    start = i;
                }
                current.push(c);
            }
        }
    }
    flush(&mut current, start, &mut tokens);
    tokens
}

fn classify(word: &str) -> Kind {
    if let Ok(n) = word.parse::<u32>() {
        return Kind::Number(n);
    }
    // `a.m.` and `p.m.` as words.
    let squeezed = word.replace('.', "");
    if word.contains('.') && (squeezed == "am" || squeezed == "pm") {
        return Kind::Word(squeezed);
    }
    if let Some(minutes) = word.strip_prefix(':')
        && let Ok(m) = minutes.parse::<u32>()
    {
        return Kind::PastMinute(m);
    }
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(digits) = word.strip_suffix(suffix)
            && let Ok(n) = digits.parse::<u32>()
        {
            return Kind::Ordinal(n);
        }
    }
    let (body, half) = if let Some(body) = word.strip_suffix("am") {
        (body, Some(Half::Am))
    } else if let Some(body) = word.strip_suffix("pm") {
        (body, Some(Half::Pm))
    } else {
        (word, None)
    };
    let body = body.trim_end_matches('.');
    let clock = body
        .split_once(':')
        .or_else(|| body.split_once('.'))
        .map_or((body, None), |(h, m)| (h, Some(m)));
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match clock {
        (h, Some(m)) if all_digits(h) && all_digits(m) && m.len() == 2 => {
            Kind::Time(h.parse().unwrap_or(99), m.parse().unwrap_or(99), half)
        }
        (h, None) if half.is_some() && all_digits(h) => {
            Kind::Time(h.parse().unwrap_or(99), 0, half)
        }
        _ => Kind::Word(word.to_string()),
    }
}

fn weekday(word: &str) -> Option<u8> {
    let days = [
        ("sun", "sunday"),
        ("mon", "monday"),
        ("tue", "tuesday"),
        ("wed", "wednesday"),
        ("thu", "thursday"),
        ("fri", "friday"),
        ("sat", "saturday"),
    ];
    let word = word
        .strip_suffix('s')
        .filter(|w| w.len() > 3)
        .unwrap_or(word);
    let extra = match word {
        "tues" => Some(2),
        "weds" => Some(3),
        "thur" | "thurs" => Some(4),
        _ => None,
    };
    extra.or_else(|| {
        days.iter()
            .position(|(short, long)| word == *short || word == *long)
            .and_then(|i| u8::try_from(i).ok())
    })
}

fn month(word: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = if word == "sept" { "sep" } else { word };
    MONTHS
        .iter()
        .position(|m| word == *m || (word.len() == 3 && m.starts_with(word)))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn nth_word(word: &str) -> Option<Nth> {
    match word {
        "first" => Some(Nth::Number(1)),
        "second" => Some(Nth::Number(2)),
        "third" => Some(Nth::Number(3)),
        "fourth" => Some(Nth::Number(4)),
        "fifth" => Some(Nth::Number(5)),
        "last" => Some(Nth::Last),
        _ => None,
    }
}

/// Words that join or introduce without saying anything of their own.
const FILLER: &[&str] = &[
    "at", "on", "the", "of", "in", "only", "and", "or", "from", "o'clock", "oclock", "month",
];

const RANGE_WORDS: &[&str] = &["to", "through", "thru", "till", "until"];

// ---------------------------------------------------------------------------------------------
// Slots.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Interval {
    Minutes(u32),
    Hours(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Weekly,
    Monthly,
    Yearly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Nth {
    Number(u8),
    Last,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Day {
    Number(u32),
    Last,
}

#[derive(Debug, Default)]
struct Slots {
    interval: Option<Interval>,
    /// `at 15 minutes past the hour`, `hourly at :15`.
    minute_past: Option<u32>,
    /// Hour and minute, 24-hour.
    times: Vec<(u32, u32)>,
    every_day: bool,
    period: Option<Period>,
    weekdays: BTreeSet<u8>,
    /// `the first monday`, `the last friday`: (weekday, which).
    nth: Option<(u8, Nth)>,
    days: BTreeSet<Day>,
    months: BTreeSet<u8>,
}

impl Slots {
    fn is_empty(&self) -> bool {
        self.interval.is_none()
            && self.minute_past.is_none()
            && self.times.is_empty()
            && !self.every_day
            && self.period.is_none()
            && self.weekdays.is_empty()
            && self.nth.is_none()
            && self.days.is_empty()
            && self.months.is_empty()
    }
}

struct Reader<'a> {
    tokens: &'a [Token],
    at: usize,
    slots: Slots,
}

fn not_understood(token: &Token) -> EnglishError {
    EnglishError::NotUnderstood {
        word: token.text.clone(),
        position: token.position,
    }
}

fn invalid(message: impl Into<String>) -> EnglishError {
    EnglishError::Invalid {
        message: message.into(),
    }
}

impl Reader<'_> {
    fn peek(&self, ahead: usize) -> Option<&Kind> {
        self.tokens.get(self.at + ahead).map(|t| &t.kind)
    }

    fn peek_word(&self, ahead: usize) -> Option<&str> {
        match self.peek(ahead) {
            Some(Kind::Word(w)) => Some(w.as_str()),
            _ => None,
        }
    }

    fn read(&mut self) -> Result<(), EnglishError> {
        // After `at`, a bare number is an hour (`at 7`); elsewhere it must say what it is.
        let mut after_at = false;
        while let Some(token) = self.tokens.get(self.at) {
            let token = token.clone();
            self.at += 1;
            match &token.kind {
                Kind::Word(word) => {
                    let keep_at = matches!(word.as_str(), "and" | "or" | "at");
                    self.word(word, &token)?;
                    after_at = word == "at" || (after_at && keep_at);
                }
                Kind::Number(n) => {
                    self.number(*n, &token, after_at)?;
                }
                Kind::Time(h, m, written) => {
                    // `09:00 AM`, as the engine's descriptions write it.
                    let half = match (written, self.peek_word(0)) {
                        (None, Some("am")) => Some(Half::Am),
                        (None, Some("pm")) => Some(Half::Pm),
                        (written, _) => *written,
                    };
                    let text = if half != *written {
                        self.at += 1;
                        format!("{} {}", token.text, self.tokens[self.at - 1].text)
                    } else {
                        token.text.clone()
                    };
                    let time = clock(*h, *m, half, &text)?;
                    self.slots.times.push(time);
                }
                Kind::PastMinute(m) => {
                    if *m > 59 {
                        return Err(invalid(format!(
                            "`{}`: minutes past the hour are 0 to 59",
                            token.text
                        )));
                    }
                    self.set_minute_past(*m)?;
                }
                Kind::Ordinal(n) => {
                    if let Some(day) = self.peek_word(0).and_then(weekday) {
                        self.at += 1;
                        let which = u8::try_from(*n).ok().filter(|n| (1..=5).contains(n));
                        let which = which.ok_or_else(|| {
                            invalid(format!(
                                "`{}`: a month has at most 5 of each weekday",
                                token.text
                            ))
                        })?;
                        self.set_nth(day, Nth::Number(which))?;
                    } else {
                        self.day_of_month(*n, &token.text)?;
                    }
                }
                Kind::Dash => return Err(not_understood(&token)),
            }
        }
        Ok(())
    }

    fn word(&mut self, word: &str, token: &Token) -> Result<(), EnglishError> {
        match word {
            "every" | "each" => self.every(),
            "hourly" => self.set_interval(Interval::Hours(1)),
            "daily" | "nightly" => {
                self.slots.every_day = true;
                Ok(())
            }
            "weekly" => self.set_period(Period::Weekly),
            "monthly" => self.set_period(Period::Monthly),
            "yearly" | "annually" => self.set_period(Period::Yearly),
            "noon" | "midday" => {
                self.slots.times.push((12, 0));
                Ok(())
            }
            "midnight" => {
                self.slots.times.push((0, 0));
                Ok(())
            }
            "weekdays" | "weekday" | "workdays" | "workday" => {
                self.slots.weekdays.extend(1..=5);
                Ok(())
            }
            "weekends" | "weekend" => {
                self.slots.weekdays.extend([0, 6]);
                Ok(())
            }
            "day" | "days" => self.day_list(token),
            w if FILLER.contains(&w) => Ok(()),
            w if weekday(w).is_some() => {
                let first = weekday(w).unwrap_or_default();
                let last = self.range_end(weekday)?;
                let days = match last {
                    Some(last) => cycle(first, last, 0, 6),
                    None => vec![first],
                };
                self.slots.weekdays.extend(days);
                Ok(())
            }
            w if month(w).is_some() => {
                let first = month(w).unwrap_or_default();
                let last = self.range_end(month)?;
                let months = match last {
                    Some(last) => cycle(first, last, 1, 12),
                    None => vec![first],
                };
                self.slots.months.extend(months);
                // `july 1`, `july 1st`.
                match self.peek(0).cloned() {
                    Some(Kind::Number(n) | Kind::Ordinal(n)) => {
                        let text = self.tokens[self.at].text.clone();
                        self.at += 1;
                        self.day_of_month(n, &text)
                    }
                    _ => Ok(()),
                }
            }
            w if nth_word(w).is_some() => {
                let nth = nth_word(w).unwrap_or(Nth::Last);
                if let Some(day) = self.peek_word(0).and_then(weekday) {
                    self.at += 1;
                    return self.set_nth(day, nth);
                }
                // `the last day`, `the first of the month`.
                if matches!(self.peek_word(0), Some("day" | "of")) {
                    if self.peek_word(0) == Some("day") {
                        self.at += 1;
                    }
                    let day = match nth {
                        Nth::Last => Day::Last,
                        Nth::Number(n) => Day::Number(u32::from(n)),
                    };
                    self.slots.days.insert(day);
                    return Ok(());
                }
                Err(not_understood(token))
            }
            _ => Err(not_understood(token)),
        }
    }

    /// After `every`: a count and a unit, a unit alone, or nothing of its own (`every monday`).
    fn every(&mut self) -> Result<(), EnglishError> {
        match (self.peek(0).cloned(), self.peek_word(1).map(str::to_string)) {
            (Some(Kind::Number(n)), Some(unit)) => {
                let interval = match unit.as_str() {
                    "minute" | "minutes" | "min" | "mins" => Interval::Minutes(n),
                    "hour" | "hours" | "hr" | "hrs" => Interval::Hours(n),
                    "day" | "days" | "week" | "weeks" | "month" | "months" => {
                        return Err(invalid(format!(
                            "every {n} {unit}: cron counts days of the month and weekdays, not a beat of {unit}; name the days instead, e.g. `every monday` or `on the 1st and 15th`"
                        )));
                    }
                    _ => return Err(not_understood(&self.tokens[self.at + 1])),
                };
                self.at += 2;
                self.set_interval(interval)
            }
            (Some(Kind::Number(_)), None) => Err(EnglishError::NotUnderstood {
                word: self.tokens[self.at].text.clone(),
                position: self.tokens[self.at].position,
            }),
            (Some(Kind::Word(word)), _) => {
                match word.as_str() {
                    "minute" | "min" => {
                        self.at += 1;
                        self.set_interval(Interval::Minutes(1))?;
                    }
                    "hour" | "hr" => {
                        self.at += 1;
                        self.set_interval(Interval::Hours(1))?;
                    }
                    "half" if matches!(self.peek_word(1), Some("hour")) => {
                        self.at += 2;
                        self.set_interval(Interval::Minutes(30))?;
                    }
                    "day" | "night" => {
                        self.at += 1;
                        self.slots.every_day = true;
                    }
                    "week" => {
                        self.at += 1;
                        self.set_period(Period::Weekly)?;
                    }
                    "month" => {
                        self.at += 1;
                        self.set_period(Period::Monthly)?;
                    }
                    "year" => {
                        self.at += 1;
                        self.set_period(Period::Yearly)?;
                    }
                    _ => {}
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A number: `9 am`, `15 minutes past the hour`, `1 july`, `7 o'clock`, or after `at` an
    /// hour of the 24-hour clock.
    fn number(&mut self, n: u32, token: &Token, after_at: bool) -> Result<(), EnglishError> {
        match self.peek_word(0) {
            Some("am" | "pm") => {
                let half = if self.peek_word(0) == Some("am") {
                    Half::Am
                } else {
                    Half::Pm
                };
                let text = format!("{} {}", token.text, self.tokens[self.at].text);
                self.at += 1;
                let time = clock(n, 0, Some(half), &text)?;
                self.slots.times.push(time);
                Ok(())
            }
            Some("minute" | "minutes" | "min" | "mins") if self.peek_word(1) == Some("past") => {
                self.at += 2;
                // `past the hour`, `past every hour`.
                while matches!(self.peek_word(0), Some("the" | "every" | "each")) {
                    self.at += 1;
                }
                if matches!(self.peek_word(0), Some("hour")) {
                    self.at += 1;
                }
                if n > 59 {
                    return Err(invalid(format!(
                        "{n} minutes past the hour: minutes are 0 to 59"
                    )));
                }
                self.set_minute_past(n)
            }
            Some("o'clock" | "oclock") => {
                let time = clock(n, 0, None, &token.text)?;
                self.slots.times.push(time);
                Ok(())
            }
            Some(w) if month(w).is_some() => self.day_of_month(n, &token.text),
            _ if after_at => {
                let time = clock(n, 0, None, &token.text)?;
                self.slots.times.push(time);
                Ok(())
            }
            _ => Err(not_understood(token)),
        }
    }

    /// `day 1`, `day 1 and 15 (of the month)`; `days` of `every … days` never gets here.
    fn day_list(&mut self, token: &Token) -> Result<(), EnglishError> {
        let mut found = false;
        loop {
            match self.peek(0).cloned() {
                Some(Kind::Number(n) | Kind::Ordinal(n)) => {
                    let text = self.tokens[self.at].text.clone();
                    self.at += 1;
                    self.day_of_month(n, &text)?;
                    found = true;
                }
                Some(Kind::Word(w)) if found && (w == "and" || w == "or") => self.at += 1,
                _ => break,
            }
        }
        if found {
            Ok(())
        } else {
            Err(not_understood(token))
        }
    }

    /// After a name: `to`/`through`/`-` and a second name of the same kind.
    fn range_end(&mut self, kind: fn(&str) -> Option<u8>) -> Result<Option<u8>, EnglishError> {
        let is_range = match self.peek(0) {
            Some(Kind::Dash) => true,
            Some(Kind::Word(w)) => RANGE_WORDS.contains(&w.as_str()),
            _ => false,
        };
        if !is_range {
            return Ok(None);
        }
        match self.peek_word(1).and_then(kind) {
            Some(last) => {
                self.at += 2;
                Ok(Some(last))
            }
            None => Err(match self.tokens.get(self.at + 1) {
                Some(token) => not_understood(token),
                None => not_understood(&self.tokens[self.at]),
            }),
        }
    }

    fn day_of_month(&mut self, n: u32, text: &str) -> Result<(), EnglishError> {
        if !(1..=31).contains(&n) {
            return Err(invalid(format!(
                "`{text}`: a day of the month is 1 to 31 (or `the last day`)"
            )));
        }
        self.slots.days.insert(Day::Number(n));
        Ok(())
    }

    fn set_interval(&mut self, interval: Interval) -> Result<(), EnglishError> {
        match self.slots.interval {
            Some(before) if before != interval => Err(invalid(
                "two different intervals: say one, e.g. `every 15 minutes`",
            )),
            _ => {
                self.slots.interval = Some(interval);
                Ok(())
            }
        }
    }

    fn set_period(&mut self, period: Period) -> Result<(), EnglishError> {
        match self.slots.period {
            Some(before) if before != period => Err(invalid(
                "two different cadences (e.g. `weekly` and `monthly`): say one",
            )),
            _ => {
                self.slots.period = Some(period);
                Ok(())
            }
        }
    }

    fn set_minute_past(&mut self, minute: u32) -> Result<(), EnglishError> {
        match self.slots.minute_past {
            Some(before) if before != minute => Err(EnglishError::NeedsTwoTasks {
                reason: format!(
                    "two minutes past the hour (:{before:02} and :{minute:02}) in one phrase; one task per minute: make two tasks"
                ),
            }),
            _ => {
                self.slots.minute_past = Some(minute);
                Ok(())
            }
        }
    }

    fn set_nth(&mut self, day: u8, nth: Nth) -> Result<(), EnglishError> {
        match self.slots.nth {
            Some(before) if before != (day, nth) => Err(EnglishError::NeedsTwoTasks {
                reason: "cron holds one `first/last weekday of the month` per expression; make two tasks, one for each".into(),
            }),
            _ => {
                self.slots.nth = Some((day, nth));
                Ok(())
            }
        }
    }
}

/// The hour and minute of a time, 24-hour; `text` is how it was written, for the error.
fn clock(
    hour: u32,
    minute: u32,
    half: Option<Half>,
    text: &str,
) -> Result<(u32, u32), EnglishError> {
    if minute > 59 {
        return Err(invalid(format!("`{text}`: minutes are 0 to 59")));
    }
    let hour = match half {
        None if hour == 24 && minute == 0 => {
            return Err(invalid(format!(
                "`{text}`: the day ends at 23:59; for the turn of the day say `midnight` (00:00)"
            )));
        }
        None if hour > 23 => {
            return Err(invalid(format!(
                "`{text}`: an hour is 0 to 23 (or 1 to 12 with am/pm)"
            )));
        }
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => {
            return Err(invalid(format!(
                "`{text}`: with am/pm the hour is 1 to 12 (13:00 is 1pm)"
            )));
        }
        Some(Half::Am) => hour % 12,
        Some(Half::Pm) => hour % 12 + 12,
    };
    Ok((hour, minute))
}

/// `first..=last`, wrapping past `max` back to `min` (`friday to monday`).
fn cycle(first: u8, last: u8, min: u8, max: u8) -> Vec<u8> {
    let mut out = vec![first];
    let mut at = first;
    while at != last {
        at = if at == max { min } else { at + 1 };
        out.push(at);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The five fields.

fn compose(slots: &Slots) -> Result<Translation, EnglishError> {
    let mut notes = Vec::new();
    let (minute, hour) = time_fields(slots, &mut notes)?;
    let mut day_of_month = day_of_month_field(&slots.days)?;
    let mut month_field = list(slots.months.iter().map(|m| u32::from(*m)));
    let mut day_of_week = match (slots.nth, slots.weekdays.is_empty()) {
        (Some(_), false) => {
            return Err(EnglishError::NeedsTwoTasks {
                reason: "`the first/last …day` and other weekdays cannot share one cron (its `#` and `L` stand alone in the weekday field); make two tasks".into(),
            });
        }
        (Some((day, Nth::Number(n))), true) => format!("{day}#{n}"),
        (Some((day, Nth::Last)), true) => format!("{day}L"),
        (None, _) => weekday_field(&slots.weekdays),
    };
    let no_day = slots.days.is_empty() && day_of_week == "*";
    match slots.period {
        Some(Period::Weekly) if day_of_week == "*" && slots.days.is_empty() => {
            day_of_week = "0".into()
        }
        Some(Period::Monthly) if no_day => day_of_month = "1".into(),
        Some(Period::Yearly) => {
            if slots.months.is_empty() {
                month_field = "1".into();
            }
            if no_day {
                day_of_month = "1".into();
            }
        }
        _ => {}
    }
    if day_of_month != "*" && day_of_week != "*" {
        notes.push(format!(
            "cron fires on either: every day {} of the month and every {} (not only when both fall together)",
            day_of_month,
            weekday_names(&day_of_week)
        ));
    }
    Ok(Translation {
        expression: format!("{minute} {hour} {day_of_month} {month_field} {day_of_week}"),
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    })
}

fn time_fields(slots: &Slots, notes: &mut Vec<String>) -> Result<(String, String), EnglishError> {
    match slots.interval {
        Some(Interval::Minutes(n)) => {
            if !slots.times.is_empty() || slots.minute_past.is_some() {
                return Err(invalid(format!(
                    "every {n} minutes and a time of day: cron cannot start a minute beat at a time; say one of them"
                )));
            }
            match n {
                0 => Err(invalid("every 0 minutes: the count is 1 or more")),
                1 => Ok(("*".into(), "*".into())),
                60 => Ok(("0".into(), "*".into())),
                n if n % 60 == 0 => hour_step(n / 60, 0, notes),
                n if n > 60 => Err(EnglishError::NeedsTwoTasks {
                    reason: format!(
                        "every {n} minutes: cron counts minutes within each hour, so one expression cannot keep a {n}-minute beat; make two tasks (e.g. on alternating hours), or pick a divisor of 60"
                    ),
                }),
                n => {
                    if 60 % n != 0 {
                        let last = (59 / n) * n;
                        notes.push(format!(
                            "*/{n} starts again each hour: fires at :00, :{n:02}, … :{last:02}, then :00 — a {}-minute gap, not every {n} minutes",
                            60 - last
                        ));
                    }
                    Ok((format!("*/{n}"), "*".into()))
                }
            }
        }
        Some(Interval::Hours(n)) => {
            if !slots.times.is_empty() {
                return Err(invalid(format!(
                    "every {n} hours and a time of day: say minutes past the hour instead, e.g. `every {n} hours at :30`"
                )));
            }
            hour_step(n, slots.minute_past.unwrap_or(0), notes)
        }
        None if slots.times.is_empty() => match slots.minute_past {
            // `at 15 minutes past the hour`: every hour.
            Some(minute) => Ok((minute.to_string(), "*".into())),
            None => Ok(("0".into(), "0".into())),
        },
        None => {
            if slots.minute_past.is_some() {
                return Err(invalid(
                    "a time of day and minutes past the hour: say one of them",
                ));
            }
            let minutes: BTreeSet<u32> = slots.times.iter().map(|t| t.1).collect();
            if minutes.len() > 1 {
                let times: Vec<String> = slots
                    .times
                    .iter()
                    .map(|(h, m)| format!("{h:02}:{m:02}"))
                    .collect();
                // What the one expression would really fire at: every hour with every minute.
                let hours: BTreeSet<u32> = slots.times.iter().map(|t| t.0).collect();
                let crossed: Vec<String> = hours
                    .iter()
                    .flat_map(|h| minutes.iter().map(move |m| format!("{h:02}:{m:02}")))
                    .collect();
                return Err(EnglishError::NeedsTwoTasks {
                    reason: format!(
                        "{} have different minutes: one cron fires at every listed minute of every listed hour ({}); make two tasks, one for each time",
                        and_list(&times),
                        and_list(&crossed)
                    ),
                });
            }
            let minute = minutes.first().copied().unwrap_or(0);
            let hours = list(slots.times.iter().map(|t| t.0));
            Ok((minute.to_string(), hours))
        }
    }
}

fn hour_step(
    n: u32,
    minute: u32,
    notes: &mut Vec<String>,
) -> Result<(String, String), EnglishError> {
    match n {
        0 => Err(invalid("every 0 hours: the count is 1 or more")),
        1 => Ok((minute.to_string(), "*".into())),
        24 => Ok((minute.to_string(), "0".into())),
        n if n > 24 => Err(invalid(format!(
            "every {n} hours: cron counts hours within each day; name the days instead, e.g. `every monday at 9am`"
        ))),
        n => {
            if 24 % n != 0 {
                let last = (23 / n) * n;
                notes.push(format!(
                    "*/{n} starts again each day: fires at 00:{minute:02}, {n:02}:{minute:02}, … {last:02}:{minute:02}, then 00:{minute:02} — a {}-hour gap, not every {n} hours",
                    24 - last
                ));
            }
            Ok((minute.to_string(), format!("*/{n}")))
        }
    }
}

fn day_of_month_field(days: &BTreeSet<Day>) -> Result<String, EnglishError> {
    if days.contains(&Day::Last) {
        if days.len() > 1 {
            return Err(EnglishError::NeedsTwoTasks {
                reason: "the last day cannot share the day-of-month field with other days (`L` stands alone); make two tasks".into(),
            });
        }
        return Ok("L".into());
    }
    Ok(list(days.iter().map(|d| match d {
        Day::Number(n) => *n,
        Day::Last => 0,
    })))
}

/// Sorted, unique, comma-separated; `*` when empty.
fn list(values: impl Iterator<Item = u32>) -> String {
    let values: BTreeSet<u32> = values.collect();
    if values.is_empty() {
        return "*".into();
    }
    values
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Weekdays 0–6 as cron writes them: runs of three or more as ranges (`1-5`), all seven `*`.
fn weekday_field(days: &BTreeSet<u8>) -> String {
    if days.is_empty() || days.len() == 7 {
        return "*".into();
    }
    let days: Vec<u8> = days.iter().copied().collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!("{}-{}", days[i], days[j]));
        } else {
            parts.extend(days[i..=j].iter().map(u8::to_string));
        }
        i = j + 1;
    }
    parts.join(",")
}

fn weekday_names(field: &str) -> String {
    const NAMES: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    let names: Vec<String> = field
        .split(',')
        .map(|part| match part.split_once('-') {
            Some((a, b)) => format!(
                "{} to {}",
                NAMES[a.parse::<usize>().unwrap_or(0) % 7],
                NAMES[b.parse::<usize>().unwrap_or(0) % 7]
            ),
            None => NAMES[part.parse::<usize>().unwrap_or(0) % 7].to_string(),
        })
        .collect();
    and_list(&names)
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
#[path = "english_schedule_tests.rs"]
mod tests;
