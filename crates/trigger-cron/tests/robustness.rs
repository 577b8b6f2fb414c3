//! No input string, zone or instant can panic or hang the schedule engine.

use chrono::{DateTime, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};
use proptest::prelude::*;

/// Text that looks like cron often enough to reach deep into the parser and the search.
fn cron_like() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "*",
        "?",
        "L",
        "W",
        "#",
        "/",
        "-",
        ",",
        "0",
        "1",
        "5",
        "7",
        "12",
        "23",
        "29",
        "31",
        "59",
        "60",
        "99999999999999999999",
        "-0",
        "MON",
        "fri",
        "JAN",
        "dec",
        "5L",
        "0L",
        "L5",
        "5#3",
        "1#5",
        "*/0",
        "*/1",
        "*/60",
        "2-7/2",
        "0-7",
        "1-7",
        " ",
        "  ",
        "\t",
        "\n",
        "é",
        "😀",
        "@daily",
        "@weekly",
        "__proto__",
        "toString",
    ]);
    prop::collection::vec(token, 0..14).prop_map(|t| t.concat())
}

fn any_zone() -> impl Strategy<Value = Tz> {
    (0..TZ_VARIANTS.len()).prop_map(|i| TZ_VARIANTS[i])
}

fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        // Everyday instants, 1950-2100, to the millisecond.
        (-631_152_000_000i64..4_102_444_800_000i64),
        // The far ends of what a timestamp can hold.
        (-8_000_000_000_000_000i64..8_000_000_000_000_000i64),
    ]
    .prop_map(|ms| DateTime::from_timestamp_millis(ms).unwrap_or_default())
}

fn exercise(expr: &str, zone: Tz, after: DateTime<Utc>) {
    let _ = trigger_cron::describe(expr);
    if let Ok(s) = trigger_cron::parse(expr) {
        let _ = s.upcoming(zone, after, 5);
    }
}

/// 2,000 cases per property in `cargo test`; set `ROBUSTNESS_CASES` for a long run.
fn cases() -> u32 {
    std::env::var("ROBUSTNESS_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn arbitrary_text_never_panics(expr in any::<String>(), zone in any_zone(), after in any_instant()) {
        exercise(&expr, zone, after);
    }

    #[test]
    fn cron_like_text_never_panics(expr in cron_like(), zone in any_zone(), after in any_instant()) {
        exercise(&expr, zone, after);
    }

    #[test]
    fn five_cron_like_fields_never_panic(
        fields in prop::collection::vec(cron_like(), 5),
        zone in any_zone(),
        after in any_instant(),
    ) {
        exercise(&fields.join(" "), zone, after);
    }
}
