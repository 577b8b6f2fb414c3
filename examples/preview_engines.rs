//! Runs one engine's schedule preview (parse + next 5 fires in America/New_York) many times,
//! for `benches/schedule_instructions.sh`, which counts instructions with callgrind — a
//! measure that the machine's load does not disturb.
//!
//! `cargo run --release --example preview_engines -- ENGINE ITERATIONS`, ENGINE one of
//! `recoup-tasks`, `cron`, `croner`, `parse`, `describe`, `none`.

use std::hint::black_box;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;
use croner::parser::{CronParser, Seconds};

const EXPRESSIONS: [&str; 5] = [
    "0 9 * * 4",
    "*/15 * * * *",
    "30 8 * * 1-5",
    "0 0 1 * *",
    "0 9-17/3 * * 1-5",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let engine = args.next().unwrap_or_default();
    let iterations: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let expr_filter = args.next();
    let start = DateTime::parse_from_rfc3339("2026-01-14T17:23:11Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default();
    let mut total = 0usize;
    for _ in 0..iterations {
        for expr in EXPRESSIONS {
            if expr_filter.as_deref().is_some_and(|f| f != expr) {
                continue;
            }
            total += match engine.as_str() {
                "recoup-tasks" => recoup_tasks::schedule::parse(black_box(expr))
                    .and_then(|s| s.upcoming(New_York, start, 5))
                    .map(|v| v.len())
                    .unwrap_or(0),
                "parse" => usize::from(recoup_tasks::schedule::parse(black_box(expr)).is_ok()),
                "describe" => {
                    usize::from(recoup_tasks::schedule::describe(black_box(expr)).is_ok())
                }
                "cron" => cron::Schedule::from_str(&format!("0 {}", black_box(expr)))
                    .map(|s| s.after(&start.with_timezone(&New_York)).take(5).count())
                    .unwrap_or(0),
                "croner" => {
                    let parser = CronParser::builder()
                        .seconds(Seconds::Disallowed)
                        .sloppy_ranges(true)
                        .build();
                    let mut found = 0;
                    if let Ok(cron) = parser.parse(black_box(expr)) {
                        let mut from = start.with_timezone(&New_York);
                        for _ in 0..5 {
                            let Ok(next) = cron.find_next_occurrence(&from, false) else {
                                break;
                            };
                            from = next;
                            found += 1;
                        }
                    }
                    found
                }
                _ => 0,
            };
        }
    }
    println!("{total}");
}
