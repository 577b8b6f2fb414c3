//! The Runs screen: the account's recent runs, newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::super::app::App;
use super::super::drawn::DrawnList;
use super::super::state::{Load, Screen, TaskName};
use super::super::theme::Theme;
use super::columns::{self, Column};
use super::layout;
use super::tasks::{empty_message, error_below, list_table, pane_block};
use crate::model::Run;
use crate::present::{self, sanitize};
use unicode_width::UnicodeWidthStr;

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
    let block = pane_block(title, &pane.load, true, theme, area.width);
    frame.render_widget(error_below(block, failed, theme, area.width), area);
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
    let on_screen = || pane.visible.iter().skip(offset).take(height);
    // Status and cost get two spare columns, so the columns read apart.
    let status_width = status_width(on_screen().map(|i| &pane.runs[*i])) + 2;
    let id_width = id_width(on_screen().map(|i| &pane.runs[*i]));
    let cost_width = on_screen()
        .map(|i| present::cost(pane.runs[*i].cost_in_cents).width())
        .max()
        .unwrap_or(0)
        .max(4) as u16
        + 2;
    let columns = [
        Column::new("", 1),
        Column::new("Status", status_width),
        // `Thu 12-03 09:00`, the table form of an instant; `12-03 09:00` when narrow.
        Column::new("Started", 15).or_short("Started", 11),
        Column::new("Duration", 8),
        Column::new("Cost", cost_width),
        Column::fill("Task", 20),
        Column::new("Run id", id_width),
    ];
    // What goes first when narrow: the run id (it is in the run view), the cost, the duration,
    // the start's weekday, then the start; the status and the task's title stay.
    let fitted = columns::fit(&columns, &[6, 4, 3, 2, 2], rows_area.width);
    let rows = pane
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .zip(titles)
        .map(|((pos, index), title)| {
            let run = &pane.runs[*index];
            let selected = pos == pane.selected;
            let (symbol, style) = theme.status(&run.status);
            let started = run
                .started_at
                .as_deref()
                .filter(|s| !s.is_empty())
                .unwrap_or(&run.created_at);
            let cut =
                |column: usize, text: &str| present::fit(text, usize::from(fitted.widths[column]));
            let mut cells = vec![
                Cell::from(if selected { "›" } else { " " }),
                Cell::from(Line::from(vec![
                    Span::styled(symbol, style),
                    Span::raw(" "),
                    Span::styled(present::status::word(&run.status).into_owned(), style),
                ])),
            ];
            if fitted.has(2) {
                let started = present::table_timestamp(started, app.local());
                let started = if fitted.is_short(2) {
                    columns::without_weekday(&started)
                } else {
                    &started
                };
                cells.push(Cell::from(cut(2, started)));
            }
            if fitted.has(3) {
                cells.push(Cell::from(cut(3, &present::run_duration(run))));
            }
            if fitted.has(4) {
                cells.push(Cell::from(cut(4, &present::cost(run.cost_in_cents))));
            }
            let name = cut(5, &present::list_name(title));
            cells.push(Cell::from(match title {
                TaskName::Title(_) => Span::raw(name),
                TaskName::Deleted | TaskName::Unknown => Span::styled(name, theme.muted),
            }));
            if fitted.has(6) {
                cells.push(Cell::from(Span::styled(
                    cut(6, &sanitize::line(&run.id)),
                    theme.muted,
                )));
            }
            Row::new(cells).style(if selected { theme.selected } else { theme.text })
        });
    let (names, widths) = fitted.shown_columns(&columns);
    let widths = widths.into_iter().map(Constraint::Length).collect();
    list_table(frame, rows, widths, names, rows_area, theme);
    drawn
}

/// The Status column of runs on screen: the symbol, a space and the longest status word (at
/// least 6), without the spare columns each table adds.
pub fn status_width<'a>(runs: impl Iterator<Item = &'a Run>) -> u16 {
    runs.map(|run| 2 + present::status::word(&run.status).width())
        .max()
        .unwrap_or(0)
        .max(6) as u16
}

/// The Run id column of runs on screen: the longest id, 6 to 36 columns.
pub fn id_width<'a>(runs: impl Iterator<Item = &'a Run>) -> u16 {
    runs.map(|run| sanitize::line(&run.id).width())
        .max()
        .unwrap_or(0)
        .clamp(6, 36) as u16
}
