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
