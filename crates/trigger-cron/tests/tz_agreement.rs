//! chrono-tz's bundled tzdb must give the same UTC offsets as the oracle's (Node ICU, via luxon)
//! wherever the golden fire-time files look, or a faithful engine would still fail them.
//!
//! `tests/data/tz_offsets.json` is written by `tools/cron-oracle/offsets.js`: per zone, hourly
//! offsets over +-3 days around every golden case's start, plus every golden fire time and both
//! sides of each transition in those windows.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;
use serde::Deserialize;

#[derive(Deserialize)]
struct OffsetFile {
    tz: String,
    rows: Vec<Row>,
}

/// Either a run of equally spaced instants (`start`, `step`) or explicit `instants`, with the
/// offset luxon gives at each, in seconds east of UTC.
#[derive(Deserialize)]
struct Row {
    zone: String,
    start: Option<i64>,
    step: Option<i64>,
    instants: Option<Vec<i64>>,
    offsets: Vec<i32>,
}

#[derive(Deserialize)]
struct GoldenCase {
    tz: Option<String>,
}

/// Disagreements that are understood and accepted (zone, UTC second). Empty: chrono-tz 0.10.4
/// (tzdb 2025b) and Node 20's ICU (tz 2025c) agree on every sampled instant. A one-off sweep of
/// all 419 accepted zones (monthly 1970-2015, weekly 2015-2035, both sides of every transition)
/// found a single difference, outside anything a schedule can reach: America/Tijuana's summers
/// of 1970-1975 are -07:00 in 2025c and -08:00 in 2025b (2025c's Baja California history fix).
const KNOWN_DISAGREEMENTS: &[(&str, i64)] = &[];

fn data(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn offsets_file() -> OffsetFile {
    serde_json::from_str(&data("tz_offsets.json")).expect("tz_offsets.json parses")
}

/// chrono-tz's offset of `tz` at UTC second `at`, in seconds.
fn chrono_offset(tz: Tz, at: i64) -> Option<i32> {
    let utc = DateTime::from_timestamp(at, 0)?.naive_utc();
    Some(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
}

fn instants(row: &Row) -> Vec<i64> {
    match (&row.instants, row.start, row.step) {
        (Some(list), _, _) => list.clone(),
        (None, Some(start), Some(step)) => (0..row.offsets.len() as i64)
            .map(|i| start + i * step)
            .collect(),
        _ => panic!("row for {} has neither instants nor start/step", row.zone),
    }
}

#[test]
fn chrono_tz_offsets_agree_with_the_oracle_around_every_golden_case() {
    let file = offsets_file();
    let mut disagreements = Vec::new();
    let mut sampled = 0;
    for row in &file.rows {
        let tz: Tz = row
            .zone
            .parse()
            .unwrap_or_else(|e| panic!("chrono-tz lacks {}: {e}", row.zone));
        let at = instants(row);
        assert_eq!(at.len(), row.offsets.len(), "row for {}", row.zone);
        for (&second, &luxon) in at.iter().zip(&row.offsets) {
            sampled += 1;
            let chrono = chrono_offset(tz, second);
            if chrono != Some(luxon) && !KNOWN_DISAGREEMENTS.contains(&(row.zone.as_str(), second))
            {
                let when = DateTime::from_timestamp(second, 0)
                    .map_or_else(|| second.to_string(), |d| d.to_rfc3339());
                let chrono = chrono.map_or_else(|| "none".to_string(), |m| m.to_string());
                disagreements.push(format!(
                    "{} at {when} ({second}): luxon {luxon} s, chrono-tz {chrono} s",
                    row.zone
                ));
            }
        }
    }
    assert!(sampled > 10_000, "only {sampled} instants sampled");
    assert!(
        disagreements.is_empty(),
        "chrono-tz {} vs oracle tz {}: {} disagreements:\n{}",
        chrono_tz::IANA_TZDB_VERSION,
        file.tz,
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn offsets_cover_every_zone_of_the_golden_files() {
    let covered: BTreeSet<String> = offsets_file().rows.into_iter().map(|r| r.zone).collect();
    for golden in ["cron_cases.json", "cron_corpus.json"] {
        let cases: Vec<GoldenCase> = serde_json::from_str(&data(golden)).expect("golden parses");
        for zone in cases.into_iter().filter_map(|c| c.tz) {
            assert!(covered.contains(&zone), "{golden}: no offsets for {zone}");
        }
    }
}
