//! The Runs screen: the account's recent runs, newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::super::app::App;
use super::super::drawn::DrawnList;
use super::super::state::{Load, Screen, TaskName};
use super::super::theme::Theme;
use super::layout;
use super::tasks::{empty_message, error_below, list_table, pane_block};
use crate::present::{self, sanitize};

/// The runs list; returns where its rows are.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) -> DrawnList {
    let pane = &app.runs;
    let filter = match &pane.status_filter {
        Some(s) => format!(" · status {}", sanitize::line(s)),
        None => String::new(),
    };
    let title = format!(
        " Runs ({}) · limit {}{filter}",
        pane.visible.len(),
        pane.limit
    );
    // An empty list says what failed inside; a list that keeps its rows, on its border.
    let failed = match &pane.load {
        Load::Failed(e) if !pane.visible.is_empty() => Some(e.as_str()),
        _ => None,
    };
    let block = pane_block(title, &pane.load, true, theme);
    frame.render_widget(error_below(block, failed, theme), area);
    let rows_area = layout::list_rows(area);
    let height = usize::from(rows_area.height);
    let offset = layout::list_offset(pane.selected, height);
    let drawn = DrawnList {
        screen: Screen::Runs,
        rows: rows_area,
        first: offset,
    };
    if pane.visible.is_empty() {
        let hint = if pane.runs.is_empty() {
            "No runs yet. Runs appear here when a task fires."
        } else {
            "No run has this status. f cycles the status filter."
        };
        frame.render_widget(empty_message(&pane.load, "runs", hint, theme), rows_area);
        return drawn;
    }
    let titles: Vec<TaskName> = pane
        .visible
        .iter()
        .skip(offset)
        .take(height)
        .map(|index| app.run_task_name(&pane.runs[*index].id))
        .collect();
    // The run id is long and in the run view; on a narrow screen the task's title comes first.
    let with_id = rows_area.width >= 110;
    let rows = pane
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .zip(titles)
        .map(move |((pos, index), title)| {
            let run = &pane.runs[*index];
            let selected = pos == pane.selected;
            let (symbol, style) = theme.status(&run.status);
            let started = run
                .started_at
                .as_deref()
                .filter(|s| !s.is_empty())
                .unwrap_or(&run.created_at);
            let mut cells = vec![
                Cell::from(if selected { "›" } else { " " }),
                Cell::from(Line::from(vec![
                    Span::styled(symbol, style),
                    Span::raw(" "),
                    Span::styled(present::status::word(&run.status).into_owned(), style),
                ])),
                Cell::from(present::table_timestamp(started, app.local())),
                Cell::from(present::run_duration(run)),
                Cell::from(present::cost(run.cost_in_cents)),
                Cell::from(match title {
                    TaskName::Title(_) => Span::raw(present::list_name(title)),
                    TaskName::Deleted | TaskName::Unknown => {
                        Span::styled(present::list_name(title), theme.muted)
                    }
                }),
            ];
            if with_id {
                cells.push(Cell::from(Span::styled(
                    sanitize::line(&run.id).into_owned(),
                    theme.muted,
                )));
            }
            Row::new(cells).style(if selected { theme.selected } else { theme.text })
        });
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(16),
        // `Thu 12-03 09:00`, the table form of an instant.
        Constraint::Length(15),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Fill(1),
    ];
    let mut names = vec!["", "Status", "Started", "Duration", "Cost", "Task"];
    if with_id {
        widths.push(Constraint::Length(30));
        names.push("Run id");
    }
    list_table(frame, rows, widths, names, rows_area, theme);
    drawn
}
