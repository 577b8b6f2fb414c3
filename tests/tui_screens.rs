//! Writes the README's pictures of each screen (`assets/screens/*.txt`, 100×30) from the real
//! views and update loop, with the fixture data of the snapshot tests.
//!
//! Run: `cargo test --test tui_screens -- --ignored`.

mod tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::tui::{Action, App, RequestId};
use tui_support::*;

const SIZE: (u16, u16) = (100, 30);

fn write(name: &str, app: &mut App) {
    app.update(Action::Resize(SIZE.0, SIZE.1));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/screens");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join(format!("{name}.txt")), render(app, SIZE.0, SIZE.1))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
#[ignore = "writes files under assets/; run on purpose"]
fn write_readme_screens() {
    let mut app = loaded_app();
    app.update(ch('j'));
    write("tasks", &mut app);

    app.update(ch('2'));
    app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Ok(runs()),
    });
    write("runs", &mut app);

    app.update(key(KeyCode::Enter));
    write("run", &mut app);
    app.update(key(KeyCode::Esc));
    app.update(ch('1'));

    app.update(ch('n'));
    type_text(&mut app, "Fan report");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "Summarise the week's fan activity.");
    app.update(key(KeyCode::Enter));
    type_text(&mut app, "Send it to the team.");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 9 * * 4");
    write("form", &mut app);
    app.update(key(KeyCode::Esc));
    app.update(ch('y'));

    app.update(ch('?'));
    write("help", &mut app);
}
