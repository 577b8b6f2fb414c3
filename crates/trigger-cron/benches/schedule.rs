//! Schedule preview speed: parse + next 5 fires in America/New_York, ours side by side with the
//! `cron` crate 0.17 and croner 4.0.3 (same expressions, same zone, same start instants).
//!
//! Run: `cargo bench -p trigger-cron --bench schedule`.

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/engines.rs"]
mod engines;
use engines::{EXPRESSIONS, cron_crate, croner_crate, ours};

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

/// An engine under test: parse `expr`, compute 5 fires after the start, return how many.
type Engine = fn(&str, DateTime<Utc>) -> usize;

fn preview(c: &mut Criterion) {
    let starts = starts();
    let engines: [(&str, Engine); 3] = [
        ("trigger-cron", ours),
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
            b.iter(|| black_box(trigger_cron::parse(black_box(expr))))
        });
    }
    group.finish();
}

criterion_group!(benches, preview, pathological, parse_only);
criterion_main!(benches);
