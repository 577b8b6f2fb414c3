//! Golden tests: the schedule engine against cron-parser 4.9.0 + cronstrue 2.21.0, as recorded
//! by the pinned oracle in `tools/cron-oracle/` (see its README to regenerate).

use chrono::{DateTime, SecondsFormat, Utc};

use serde_json::Value;

/// One recorded case: what the oracle said for `cron` in `tz` from `from`.
struct Case {
    id: String,
    cron: String,
    tz: String,
    from: DateTime<Utc>,
    n: usize,
    /// The validator's verdict: `None` when valid, else its message.
    invalid: Option<String>,
    /// cronstrue's sentence, or `Err(message)` when it throws.
    description: Result<String, String>,
    /// The fire chain; a trailing `ERR: …` entry is the error that ended it.
    next: Vec<String>,
}

fn load(name: &str) -> Vec<Case> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    cases.iter().map(case_from_json).collect()
}

fn case_from_json(v: &Value) -> Case {
    let text = |key: &str| v[key].as_str().unwrap_or_default().to_string();
    let description = text("description");
    Case {
        id: text("id"),
        cron: text("cron"),
        tz: text("tz"),
        from: DateTime::parse_from_rfc3339(&text("from"))
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|e| panic!("bad from in {v}: {e}")),
        n: v["n"].as_u64().unwrap_or(0) as usize,
        invalid: match v["valid"]["ok"].as_bool() {
            Some(true) => None,
            _ => Some(text_at(&v["valid"]["message"])),
        },
        // cronstrue rethrows its errors as strings ("Error: …"); the message is what follows.
        description: match description.strip_prefix("THROWS: ") {
            Some(message) => Err(message.trim_start_matches("Error: ").to_string()),
            None => Ok(description),
        },
        next: v["next"]
            .as_array()
            .map(|a| a.iter().map(text_at).collect())
            .unwrap_or_default(),
    }
}

fn text_at(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// What our engine says, in the oracle's vocabulary.
fn engine_verdict(case: &Case) -> (Option<String>, Vec<String>) {
    // The engine computes in any tz database zone; which names the scheduler accepts is
    // `timezones`' business (and its own tests').
    let zone = match case.tz.parse::<chrono_tz::Tz>() {
        Ok(zone) => zone,
        Err(e) => return (Some(format!("zone: {e}")), vec![]),
    };
    let parsed = trigger_cron::parse(&case.cron);
    let invalid = parsed.as_ref().err().map(|e| e.message.clone());
    let mut next = Vec::new();
    if let Ok(s) = &parsed {
        let mut from = case.from;
        for _ in 0..case.n {
            match s.next_after(zone, from) {
                Ok(t) => {
                    next.push(t.to_rfc3339_opts(SecondsFormat::Millis, true));
                    from = t;
                }
                Err(e) => {
                    next.push(format!("ERR: {}", e.message));
                    break;
                }
            }
        }
        // `upcoming` walks the same chain in one call; it must agree with `next_after`.
        let all = s.upcoming(zone, case.from, case.n).map(|fires| {
            fires
                .iter()
                .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
                .collect::<Vec<_>>()
        });
        match &all {
            Ok(fires) if *fires != next => next.push(format!("upcoming differs: {fires:?}")),
            Err(e) if next.last() != Some(&format!("ERR: {}", e.message)) => {
                next.push(format!("upcoming failed: {}", e.message))
            }
            _ => {}
        }
    }
    (invalid, next)
}

/// The oracle's expected verdict: Trigger's validator first, then cronstrue's.
fn expected_verdict(case: &Case) -> (Option<String>, Vec<String>) {
    let invalid = case
        .invalid
        .clone()
        .or_else(|| case.description.clone().err());
    let next = if invalid.is_none() {
        case.next.clone()
    } else {
        vec![]
    };
    (invalid, next)
}

fn check_all(name: &str) {
    let cases = load(name);
    let mut failures = Vec::new();
    for case in &cases {
        let expected = expected_verdict(case);
        let got = engine_verdict(case);
        if expected != got {
            failures.push(format!(
                "{} {:?} tz={} from={}\n  expected {:?}\n  got      {:?}",
                case.id,
                case.cron,
                case.tz,
                case.from.to_rfc3339_opts(SecondsFormat::Millis, true),
                expected,
                got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}/{} cases of {name} disagree with the oracle:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn shared_dst_cases_agree_with_the_oracle() {
    check_all("cron_cases.json");
}

#[test]
fn azores_midnight_overlap_depends_on_the_step_that_reaches_it() {
    // Atlantic/Azores falls back at 01:00 to 00:00 on 2024-10-27, so that midnight happens
    // twice; cron-parser's day step from 10:00 the day before lands on the second one.
    let zone = trigger_cron::timezones::resolve("Atlantic/Azores").expect("zone");
    let at = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .expect("instant")
    };
    let next = |expr: &str, from: &str| {
        trigger_cron::parse(expr)
            .and_then(|s| s.next_after(zone, at(from)))
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
    };
    assert_eq!(
        next("0 0 27 10 *", "2024-10-26T10:00:00Z"),
        Ok("2024-10-27T01:00:00.000Z".to_string())
    );
    assert_eq!(
        next("0 0 * * *", "2024-10-26T10:00:00Z"),
        Ok("2024-10-27T00:00:00.000Z".to_string())
    );
    assert_eq!(
        next("0 0 27 10 *", "2024-10-25T10:00:00Z"),
        Ok("2024-10-27T00:00:00.000Z".to_string())
    );
}

#[test]
fn random_corpus_near_dst_changes_agrees_with_the_oracle() {
    check_all("cron_corpus.json");
}

#[test]
fn invalid_expressions_fail_with_the_oracle_messages() {
    check_all("cron_invalid.json");
}

/// `parse` only asks cronstrue when an expression could trip it; over the whole description
/// corpus, whatever `parse` accepts cronstrue must describe.
#[test]
fn every_expression_parse_accepts_is_one_cronstrue_describes() {
    let path = format!(
        "{}/tests/data/cron_describe.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let pairs: Vec<(String, Value)> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut accepted = 0;
    for (expr, expected) in &pairs {
        if trigger_cron::parse(expr).is_ok() {
            accepted += 1;
            assert!(
                expected.is_string(),
                "parse accepts {expr:?} but cronstrue refuses it: {expected}"
            );
        }
    }
    assert!(
        accepted > 1000,
        "only {accepted} accepted: corpus too small to mean much"
    );
}
