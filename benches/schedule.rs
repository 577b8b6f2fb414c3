//! Schedule preview speed: parse + next 5 fires in America/New_York, ours side by side with the
//! `cron` crate 0.17 and croner 4.0.3 (same expressions, same zone, same start instants).
//!
//! Run: `cargo bench --bench schedule`.

use std::hint::black_box;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;
use criterion::{Criterion, criterion_group, criterion_main};
use croner::parser::{CronParser, Seconds};
use recoup_tasks::schedule;

const EXPRESSIONS: [&str; 5] = [
    "0 9 * * 4",
    "*/15 * * * *",
    "30 8 * * 1-5",
    "0 0 1 * *",
    "0 9-17/3 * * 1-5",
];

/// Start instants spread over a year, two of them near New York's DST changes.
fn starts() -> Vec<DateTime<Utc>> {
    [
        "2026-01-14T17:23:11Z",
        "2026-03-08T05:30:00Z",
        "2026-06-30T23:59:59Z",
        "2026-11-01T05:00:00Z",
        "2026-12-03T09:00:00Z",
    ]
    .iter()
    .filter_map(|s| DateTime::parse_from_rfc3339(s).ok())
    .map(|t| t.with_timezone(&Utc))
    .collect()
}

fn ours(expr: &str, start: DateTime<Utc>) -> usize {
    match schedule::parse(expr) {
        Ok(s) => s.upcoming(New_York, start, 5).map(|v| v.len()).unwrap_or(0),
        Err(_) => 0,
    }
}

fn cron_crate(expr: &str, start: DateTime<Utc>) -> usize {
    let with_seconds = format!("0 {expr}");
    match cron::Schedule::from_str(&with_seconds) {
        Ok(s) => s.after(&start.with_timezone(&New_York)).take(5).count(),
        Err(_) => 0,
    }
}

fn croner_crate(expr: &str, start: DateTime<Utc>) -> usize {
    let parser = CronParser::builder()
        .seconds(Seconds::Disallowed)
        .sloppy_ranges(true)
        .build();
    let Ok(cron) = parser.parse(expr) else {
        return 0;
    };
    let mut from = start.with_timezone(&New_York);
    let mut found = 0;
    for _ in 0..5 {
        match cron.find_next_occurrence(&from, false) {
            Ok(next) => {
                from = next;
                found += 1;
            }
            Err(_) => break,
        }
    }
    found
}

/// An engine under test: parse `expr`, compute 5 fires after the start, return how many.
type Engine = fn(&str, DateTime<Utc>) -> usize;

fn preview(c: &mut Criterion) {
    let starts = starts();
    let engines: [(&str, Engine); 3] = [
        ("recoup-tasks", ours),
        ("cron-0.17", cron_crate),
        ("croner-4.0.3", croner_crate),
    ];
    for expr in EXPRESSIONS {
        let mut group = c.benchmark_group(format!("preview {expr}"));
        for (name, engine) in engines {
            group.bench_function(name, |b| {
                b.iter(|| {
                    for start in &starts {
                        black_box(engine(black_box(expr), *start));
                    }
                })
            });
        }
        group.finish();
    }
}

fn pathological(c: &mut Criterion) {
    let start = starts()[0];
    let mut group = c.benchmark_group("pathological");
    for expr in ["0 0 29 2 1", "0 0 31 2,4 *", "0 0 29 2 *"] {
        group.bench_function(expr, |b| b.iter(|| black_box(ours(black_box(expr), start))));
    }
    group.finish();
}

fn parse_only(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse only");
    for expr in EXPRESSIONS {
        group.bench_function(expr, |b| {
            b.iter(|| black_box(schedule::parse(black_box(expr))))
        });
    }
    group.finish();
}

criterion_group!(benches, preview, pathological, parse_only);
criterion_main!(benches);
