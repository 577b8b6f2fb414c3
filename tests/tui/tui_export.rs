//! `X` on the Tasks screen: the listed tasks (the filter applied) as a task file in the current
//! directory, and a toast that says where.

use crate::tui_support::*;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::present::task_file::{self, FileFormat};
use recoup_tasks::tui::{Action, Effect};

#[test]
fn x_exports_the_listed_tasks_and_says_where() {
    let mut app = loaded_app();
    app.update(ch('/'));
    type_text(&mut app, "weekly");
    app.update(key(KeyCode::Enter));
    let effects = app.update(ch('X'));
    let exports: Vec<(&String, &String, &usize)> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::ExportTasks { text, stem, count } => Some((text, stem, count)),
            _ => None,
        })
        .collect();
    let [(text, stem, count)] = exports.as_slice() else {
        panic!("one export: {effects:?}");
    };
    // 10:00Z is 11:00 in Paris, the viewer's zone.
    assert_eq!(stem.as_str(), "recoup-tasks-20261129-110000");
    assert_eq!(**count, 1);
    let read = task_file::read(text, FileFormat::Toml).unwrap_or_else(|p| panic!("{p:?}"));
    let titles: Vec<&str> = read.iter().map(|t| t.title.value.as_str()).collect();
    assert_eq!(
        titles,
        ["Weekly fan report"],
        "only the listed task: {text}"
    );

    app.update(Action::TasksExported {
        result: Ok(("/work/recoup-tasks-20261129-110000.toml".into(), 1)),
    });
    assert_eq!(
        app.toasts().last().map(|t| t.text.as_str()),
        Some("Exported 1 task to /work/recoup-tasks-20261129-110000.toml")
    );
    app.update(Action::TasksExported {
        result: Err("Permission denied (os error 13)".into()),
    });
    assert_eq!(
        app.toasts().last().map(|t| t.text.as_str()),
        Some("Could not export: Permission denied (os error 13)")
    );
}
