//! Runs one engine's schedule preview (parse + next 5 fires in America/New_York) many times,
//! for `benches/schedule_instructions.sh`, which counts instructions with callgrind — a
//! measure that the machine's load does not disturb.
//!
//! `cargo run -p trigger-cron --release --example preview_engines -- ENGINE ITERATIONS`, ENGINE one of
//! `trigger-cron`, `cron`, `croner`, `parse`, `describe`, `none`.

use std::hint::black_box;

use chrono::{DateTime, Utc};

#[path = "../benches/support/engines.rs"]
mod engines;
use engines::{EXPRESSIONS, cron_crate, croner_crate, ours};

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
                "trigger-cron" => ours(black_box(expr), start),
                "parse" => usize::from(trigger_cron::parse(black_box(expr)).is_ok()),
                "describe" => usize::from(trigger_cron::describe(black_box(expr)).is_ok()),
                "cron" => cron_crate(black_box(expr), start),
                "croner" => croner_crate(black_box(expr), start),
                _ => 0,
            };
        }
    }
    println!("{total}");
}
