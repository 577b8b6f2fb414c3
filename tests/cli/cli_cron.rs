//! `recoup-tasks cron` run as a user runs it: the real binary, exact output, exit status.

use std::process::Command;

fn cron(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
        .arg("cron")
        .args(args)
        .env("TZ", "UTC")
        .output()
        .expect("run recoup-tasks");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn json_lists_the_next_fires_after_from() {
    let (code, stdout, _) = cron(&[
        "--json",
        "--from",
        "2024-01-01T00:00:00Z",
        "-n",
        "3",
        "--tz",
        "America/New_York",
        "0 9 * * 4",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "{\"expression\":\"0 9 * * 4\",\"timezone\":\"America/New_York\",\"valid\":true,\
         \"error\":null,\"hint\":null,\"description\":\"At 09:00 AM, only on Thursday\",\"next\":\
         [\"2024-01-04T14:00:00.000Z\",\"2024-01-11T14:00:00.000Z\",\"2024-01-18T14:00:00.000Z\"]}\n"
    );
}

#[test]
fn double_dash_lets_an_expression_start_with_a_minus() {
    let (code, stdout, _) = cron(&["--json", "--", "-1 9 * * 4"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "{\"expression\":\"-1 9 * * 4\",\"timezone\":\"UTC\",\"valid\":false,\
         \"error\":\"Constraint error, got value -1 expected range 0-59\",\
         \"hint\":null,\"description\":null,\"next\":[]}\n"
    );
}

#[test]
fn flags_may_follow_the_expression() {
    let (code, stdout, _) = cron(&["0 9 * * *", "--from", "2024-01-01T00:00:00Z", "-n", "1"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "valid: 0 9 * * *\nAt 09:00 AM\nnext 1 in UTC:\n  Mon 2024-01-01 09:00 UTC\n"
    );
}

#[test]
fn invalid_expression_exits_1_and_points_at_the_field() {
    let (code, stdout, _) = cron(&["0 0 30 2 *"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "invalid: Invalid explicit day of month definition\n  0 0 30 2 *\n      ^^ day of month\n"
    );
}

#[test]
fn seconds_field_is_refused_with_trigger_words() {
    let (code, stdout, _) = cron(&["--json", "0 9 * * * *"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("\"error\":\"CRON expressions with seconds are not allowed\""),
        "{stdout}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let (code, stdout, stderr) = cron(&["-1 9 * * 4"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("unexpected argument '-1'"), "{stderr}");
    let (code, _, stderr) = cron(&["--from", "yesterday", "* * * * *"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not an RFC 3339 instant"), "{stderr}");
}

/// Under the scheduler's unchanged error, what to do: the stray space pointed at and the
/// expression fixed, a macro's five-field equal, the dates that do not exist.
#[test]
fn a_refused_expression_gets_a_hint_on_its_own_line_and_in_json() {
    let (code, stdout, _) = cron(&["--", "0  9 * * *"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "invalid: CRON expressions with seconds are not allowed\n  0  9 * * *\n   ^^\n\
         hint: two spaces: the scheduler splits on single spaces and sees another field; \
         use `0 9 * * *`\n"
    );
    let (code, stdout, _) = cron(&["0 0 31 2,4 *"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "invalid: Invalid expression, loop limit exceeded\n\
         hint: no day 31 in February or April: this never fires\n"
    );
    let (code, stdout, _) = cron(&["--json", "@daily"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "{\"expression\":\"@daily\",\"timezone\":\"UTC\",\"valid\":false,\
         \"error\":\"Expression has only 1 part. At least 5 parts are required.\",\
         \"hint\":\"macros are not accepted: @daily is `0 0 * * *`\",\
         \"description\":null,\"next\":[]}\n"
    );
}

/// A zone the scheduler refuses: its error, then the name it knows the zone by (or the closest
/// name to a typo) with the offset, on its own line and in JSON.
#[test]
fn a_refused_zone_gets_the_name_the_scheduler_knows() {
    let (code, stdout, _) = cron(&["0 9 * * 1", "--tz", "Asia/Kolkata"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "invalid: Invalid IANA timezone: 'Asia/Kolkata'\n\
         hint: the scheduler knows this zone as Asia/Calcutta (UTC+05:30)\n"
    );
    let (_, stdout, _) = cron(&["--json", "0 9 * * 1", "--tz", "Asia/Tokio"]);
    assert_eq!(
        stdout,
        "{\"expression\":\"0 9 * * 1\",\"timezone\":\"Asia/Tokio\",\"valid\":false,\
         \"error\":\"Invalid IANA timezone: 'Asia/Tokio'\",\
         \"hint\":\"did you mean Asia/Tokyo (UTC+09:00)?\",\"description\":null,\"next\":[]}\n"
    );
}

#[test]
fn text_names_the_dst_days_of_the_next_12_months_that_skip_or_repeat_a_fire() {
    let (code, stdout, _) = cron(&[
        "--from",
        "2026-12-01T00:00:00Z",
        "-n",
        "2",
        "--tz",
        "America/New_York",
        "30 2 * * *",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "valid: 30 2 * * *\nAt 02:30 AM\nnext 2 in America/New_York:\n  \
         Tue 2026-12-01 02:30 EST  (Tue 2026-12-01 07:30 UTC local)\n  \
         Wed 2026-12-02 02:30 EST  (Wed 2026-12-02 07:30 UTC local)\n\
         DST changes in the next 12 months:\n  \
         Sun 2027-03-14: 02:30 does not exist — fires at 03:30 EDT\n"
    );
    let (_, stdout, _) = cron(&[
        "--from",
        "2026-12-01T00:00:00Z",
        "-n",
        "1",
        "--tz",
        "America/New_York",
        "0 * * * *",
    ]);
    assert!(
        stdout.ends_with(
            "DST changes in the next 12 months:\n  \
             Sun 2027-03-14: 02:00 does not exist — not fired\n  \
             Sun 2027-11-07: 01:00 happens twice — fires twice (EDT, then EST)\n"
        ),
        "{stdout}"
    );
    // The JSON keeps its keys; no DST line where nothing is skipped or repeated.
    let (_, json, _) = cron(&[
        "--json",
        "--from",
        "2026-12-01T00:00:00Z",
        "-n",
        "1",
        "--tz",
        "America/New_York",
        "30 2 * * *",
    ]);
    assert!(
        !json.contains("DST") && json.ends_with("\"next\":[\"2026-12-01T07:30:00.000Z\"]}\n"),
        "{json}"
    );
    let (_, stdout, _) = cron(&[
        "--from",
        "2026-12-01T00:00:00Z",
        "-n",
        "1",
        "--tz",
        "America/New_York",
        "0 9 * * *",
    ]);
    assert!(!stdout.contains("DST"), "{stdout}");
}

/// Text the scheduler refuses that reads as English: the translation, then the usual output
/// for that cron.
#[test]
fn a_phrase_is_translated_and_the_cron_shown_as_usual() {
    let (code, stdout, _) = cron(&[
        "weekdays at 9am",
        "--from",
        "2024-01-01T00:00:00Z",
        "-n",
        "2",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "weekdays at 9am → 0 9 * * 1-5 · At 09:00 AM, Monday through Friday\n\
         valid: 0 9 * * 1-5\n\
         At 09:00 AM, Monday through Friday\n\
         next 2 in UTC:\n  \
         Mon 2024-01-01 09:00 UTC\n  \
         Tue 2024-01-02 09:00 UTC\n"
    );
}

#[test]
fn json_of_a_phrase_is_the_crons_with_translated_from() {
    let (code, stdout, _) = cron(&[
        "--json",
        "--from",
        "2024-01-01T00:00:00Z",
        "-n",
        "2",
        "weekdays at 9am",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "{\"expression\":\"0 9 * * 1-5\",\"timezone\":\"UTC\",\"valid\":true,\"error\":null,\
         \"hint\":null,\"description\":\"At 09:00 AM, Monday through Friday\",\
         \"next\":[\"2024-01-01T09:00:00.000Z\",\"2024-01-02T09:00:00.000Z\"],\
         \"translated_from\":\"weekdays at 9am\",\"translation_note\":null}\n"
    );
    // The cron itself: the same fields, without the two.
    let (_, direct, _) = cron(&[
        "--json",
        "--from",
        "2024-01-01T00:00:00Z",
        "-n",
        "2",
        "0 9 * * 1-5",
    ]);
    assert_eq!(
        direct,
        "{\"expression\":\"0 9 * * 1-5\",\"timezone\":\"UTC\",\"valid\":true,\"error\":null,\
         \"hint\":null,\"description\":\"At 09:00 AM, Monday through Friday\",\
         \"next\":[\"2024-01-01T09:00:00.000Z\",\"2024-01-02T09:00:00.000Z\"]}\n"
    );
}

#[test]
fn a_step_that_does_not_divide_the_hour_says_so() {
    let (code, stdout, _) = cron(&[
        "every 7 minutes",
        "--from",
        "2024-01-01T00:50:00Z",
        "-n",
        "3",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "every 7 minutes → */7 * * * * · Every 7 minutes\n\
         hint: */7 starts again each hour: fires at :00, :07, … :56, then :00 — a 4-minute gap, not every 7 minutes\n\
         valid: */7 * * * *\n\
         Every 7 minutes\n\
         next 3 in UTC:\n  \
         Mon 2024-01-01 00:56 UTC\n  \
         Mon 2024-01-01 01:00 UTC\n  \
         Mon 2024-01-01 01:07 UTC\n"
    );
    let (_, json, _) = cron(&["--json", "-n", "1", "every 7 minutes"]);
    assert!(
        json.ends_with(
            "\"translated_from\":\"every 7 minutes\",\"translation_note\":\"*/7 starts again each hour: fires at :00, :07, … :56, then :00 — a 4-minute gap, not every 7 minutes\"}\n"
        ),
        "{json}"
    );
}

#[test]
fn a_word_not_understood_is_refused_as_a_bad_cron_is_and_pointed_at() {
    let (code, stdout, _) = cron(&["every monday at 9am sharp"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "invalid: `sharp` was not understood; try e.g. `weekdays at 9am`, `every monday at 17:30`, `every 15 minutes`\n  \
         every monday at 9am sharp\n                      \
         ^^^^^\n\
         hint: nor is it a cron expression: five fields, minute hour day-of-month month day-of-week, e.g. 0 9 * * 1-5\n"
    );
    let (code, json, _) = cron(&["--json", "fortnightly"]);
    assert_eq!(code, 1);
    assert_eq!(
        json,
        "{\"expression\":\"fortnightly\",\"timezone\":\"UTC\",\"valid\":false,\
         \"error\":\"`fortnightly` was not understood; try e.g. `weekdays at 9am`, `every monday at 17:30`, `every 15 minutes`\",\
         \"hint\":\"nor is it a cron expression: five fields, minute hour day-of-month month day-of-week, e.g. 0 9 * * 1-5\",\
         \"description\":null,\"next\":[]}\n"
    );
}

#[test]
fn what_one_cron_cannot_hold_suggests_two_tasks() {
    let (code, stdout, _) = cron(&["9:30am and 5pm"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "invalid: 09:30 and 17:00 have different minutes: one cron fires at every listed minute of every listed hour (09:00, 09:30, 17:00 and 17:30); make two tasks, one for each time\n"
    );
}

#[test]
fn a_macro_and_a_broken_cron_keep_the_schedulers_error() {
    let (code, stdout, _) = cron(&["--json", "@weekly"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "{\"expression\":\"@weekly\",\"timezone\":\"UTC\",\"valid\":false,\
         \"error\":\"Expression has only 1 part. At least 5 parts are required.\",\
         \"hint\":\"macros are not accepted: @weekly is `0 0 * * 0`\",\
         \"description\":null,\"next\":[]}\n"
    );
    let (code, stdout, _) = cron(&["0 25 * * *"]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("invalid: Constraint error, got value 25 expected range 0-23\n"),
        "{stdout}"
    );
}
