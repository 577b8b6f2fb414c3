//! Golden test: `describe` must give exactly what cronstrue 2.21.0 gives (default options)
//! for every expression of `tests/data/cron_describe.json`, which
//! `tools/cron-oracle/gen-describe.js` generates from the pinned npm package.

use serde_json::Value;
use trigger_cron::describe;

/// What cronstrue gave: a sentence, or the message of the error it threw.
#[derive(Debug, PartialEq)]
enum Expected {
    Sentence(String),
    Error(String),
}

fn load_corpus() -> Vec<(String, Expected)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cron_describe.json");
    let text = std::fs::read_to_string(path).expect("read the golden corpus");
    let rows: Vec<(String, Value)> = serde_json::from_str(&text).expect("parse the golden corpus");
    rows.into_iter()
        .map(|(expr, value)| {
            let expected = match value {
                Value::String(sentence) => Expected::Sentence(sentence),
                Value::Object(map) => match map.get("error") {
                    Some(Value::String(message)) => Expected::Error(message.clone()),
                    _ => panic!("bad error entry for {expr:?}"),
                },
                other => panic!("bad entry for {expr:?}: {other}"),
            };
            (expr, expected)
        })
        .collect()
}

#[test]
fn describe_agrees_with_cronstrue_on_the_whole_corpus() {
    let corpus = load_corpus();
    assert!(
        corpus.len() >= 5000,
        "corpus unexpectedly small: {}",
        corpus.len()
    );
    let mismatches: Vec<(&str, &Expected, Expected)> = corpus
        .iter()
        .filter_map(|(expr, expected)| {
            let got = match describe(expr) {
                Ok(sentence) => Expected::Sentence(sentence),
                Err(error) => Expected::Error(error.message),
            };
            (got != *expected).then_some((expr.as_str(), expected, got))
        })
        .collect();
    for (expr, expected, got) in mismatches.iter().take(20) {
        eprintln!("{expr:?}\n  expected: {expected:?}\n  got:      {got:?}");
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} expressions disagree with cronstrue",
        mismatches.len(),
        corpus.len()
    );
}

proptest::proptest! {
    /// Any text at all gives a sentence or an error, never a panic.
    #[test]
    fn describe_never_panics_on_arbitrary_text(expr in "\\PC{0,40}") {
        let _ = describe(&expr);
    }

    /// Nor does text built from cron's own characters, where more of the code is reached.
    #[test]
    fn describe_never_panics_on_cron_like_text(
        expr in "([0-9*/,?LW#-]{1,6}|[A-Za-z]{3}|99999999999999999999|0x[0-9a-f]{1,12})( [0-9*/,?LW#A-Za-z-]{1,8}){3,7}"
    ) {
        let _ = describe(&expr);
    }
}
