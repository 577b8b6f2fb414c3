//! Generated documentation stays true: `docs/keys.md` is written from the key table that
//! dispatches the keys. Rewrite it with `UPDATE_DOCS=1 cargo test --test docs`.

use std::path::Path;

#[test]
fn the_keys_document_is_the_key_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/keys.md");
    let expected = recoup_tasks::tui::keys::help_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).expect("write docs/keys.md");
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "docs/keys.md is out of date; run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}
