//! Which zone names the hosted scheduler accepts, and how refused names are classified.

use trigger_cron::timezones::{
    DEFAULT_ZONE, ICU_ONLY_IDS, ZoneError, accepted_names, is_known_to_tz_database, resolve,
    tz_database_versions,
};

const LIST: &str = include_str!("../src/timezones.txt");

fn names_in_file() -> Vec<&'static str> {
    LIST.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

#[test]
fn default_zone_is_utc() {
    assert_eq!(DEFAULT_ZONE, "UTC");
    assert_eq!(resolve(DEFAULT_ZONE), Ok(chrono_tz::UTC));
}

#[test]
fn utc_comes_first_then_the_sorted_intl_list() {
    let names = accepted_names();
    assert_eq!(names.first(), Some(&"UTC"));
    assert!(names[1..].windows(2).all(|pair| pair[0] < pair[1]));
}

#[test]
fn list_size_equals_the_files() {
    assert_eq!(accepted_names(), names_in_file().as_slice());
    // Node 20.20.2 (ICU 78.2) lists 418 canonical zones; Trigger.dev prepends "UTC": 419.
    assert!(accepted_names().len() > 400);
}

#[test]
fn every_accepted_name_resolves() {
    let unresolved: Vec<_> = accepted_names()
        .iter()
        .filter(|name| resolve(name).is_err())
        .collect();
    assert!(unresolved.is_empty(), "chrono-tz lacks {unresolved:?}");
}

#[test]
fn resolved_zone_keeps_the_accepted_spelling() {
    for name in accepted_names() {
        assert_eq!(resolve(name).map(|tz| tz.name()), Ok(*name));
    }
}

#[test]
fn asia_calcutta_is_accepted_but_asia_kolkata_is_not() {
    assert!(resolve("Asia/Calcutta").is_ok());
    assert_eq!(
        resolve("Asia/Kolkata"),
        Err(ZoneError::NotAccepted("Asia/Kolkata".into()))
    );
}

#[test]
fn legacy_cldr_spellings_are_accepted_and_new_ones_are_not() {
    for accepted in [
        "Europe/Kiev",
        "America/Godthab",
        "Asia/Saigon",
        "America/Buenos_Aires",
        "Asia/Katmandu",
    ] {
        assert!(resolve(accepted).is_ok(), "{accepted}");
    }
    for refused in [
        "Europe/Kyiv",
        "America/Nuuk",
        "Asia/Ho_Chi_Minh",
        "Asia/Kathmandu",
        "Etc/UTC",
        "GMT",
    ] {
        assert_eq!(
            resolve(refused),
            Err(ZoneError::NotAccepted(refused.into())),
            "{refused}"
        );
    }
}

#[test]
fn us_eastern_is_known_but_not_accepted() {
    for name in [
        "US/Eastern",
        "EST",
        "Etc/UTC",
        "EST5EDT",
        "GMT+0",
        "Etc/GMT+5",
    ] {
        assert!(is_known_to_tz_database(name), "{name}");
        assert_eq!(resolve(name), Err(ZoneError::NotAccepted(name.into())));
    }
}

#[test]
fn accepted_names_match_case_sensitively() {
    assert_eq!(
        resolve("america/new_york"),
        Err(ZoneError::NotAccepted("america/new_york".into()))
    );
    assert_eq!(resolve("utc"), Err(ZoneError::NotAccepted("utc".into())));
}

#[test]
fn tz_database_check_ignores_ascii_case_like_intl() {
    for name in [
        "utc",
        "UTC",
        "america/new_york",
        "AMERICA/NEW_YORK",
        "gMt",
        "etc/gmt+5",
    ] {
        assert!(is_known_to_tz_database(name), "{name}");
    }
}

#[test]
fn icu_only_ids_are_known_but_have_no_zone() {
    for name in ["PST", "ist", "SystemV/EST5EDT", "US/Pacific-New"] {
        assert!(is_known_to_tz_database(name), "{name}");
        assert_eq!(resolve(name), Err(ZoneError::NotAccepted(name.into())));
    }
    for id in ICU_ONLY_IDS {
        assert!(id.parse::<chrono_tz::Tz>().is_err(), "{id} is in chrono-tz");
    }
}

#[test]
fn nonsense_is_unknown() {
    for name in [
        "nonsense",
        "",
        " UTC",
        "UTC ",
        "America/New York",
        "Etc/GMT+13",
        "+05:00",
    ] {
        assert!(!is_known_to_tz_database(name), "{name:?}");
        assert_eq!(resolve(name), Err(ZoneError::Unknown(name.into())));
    }
}

#[test]
fn refusal_reads_like_the_hosted_message() {
    let message = |name: &str| resolve(name).map(|_| ()).unwrap_err().to_string();
    assert_eq!(message("US/Eastern"), "Invalid IANA timezone: 'US/Eastern'");
    assert_eq!(message("nonsense"), "Invalid IANA timezone: 'nonsense'");
}

#[test]
fn tz_versions_name_both_databases() {
    let (chrono, node) = tz_database_versions();
    assert_eq!(chrono, chrono_tz::IANA_TZDB_VERSION);
    let header_version = LIST
        .lines()
        .filter(|line| line.starts_with('#'))
        .flat_map(str::split_whitespace)
        .find_map(|token| token.strip_prefix("tz="));
    assert_eq!(Some(node), header_version);
    assert_eq!(node.len(), 5, "tz versions look like 2025c, got {node}");
}

/// Every alias in the table is a name the scheduler refuses but the tz database knows, and maps
/// to a name the scheduler accepts for the same zone (the same offsets all year).
#[test]
fn every_alias_leads_to_an_accepted_name_for_the_same_zone() {
    use chrono::{Duration, TimeZone, Utc};
    use trigger_cron::timezones::accepted_name_for;
    let table = include_str!("../src/zone_aliases.txt");
    let aliases: Vec<&str> = table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(' ').map(|(alias, _)| alias))
        .collect();
    assert!(aliases.len() > 100, "{} aliases", aliases.len());
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    for alias in aliases {
        assert!(resolve(alias).is_err(), "{alias} is refused");
        assert!(
            is_known_to_tz_database(alias),
            "{alias} is a tz database name"
        );
        let accepted = accepted_name_for(alias).unwrap_or_else(|| panic!("{alias}"));
        let target = resolve(accepted).unwrap_or_else(|e| panic!("{alias} -> {accepted}: {e}"));
        let Ok(source) = alias.parse::<chrono_tz::Tz>() else {
            continue; // an ICU-only ID: nothing to compare offsets with
        };
        for day in (0..365).step_by(7) {
            let at = (start + Duration::days(day)).naive_utc();
            use chrono::Offset;
            assert_eq!(
                source.offset_from_utc_datetime(&at).fix(),
                target.offset_from_utc_datetime(&at).fix(),
                "{alias} and {accepted} on day {day}"
            );
        }
    }
}
