//! A task's runs: a line saying how far back they reach, then the runs, newest first, each with
//! how long ago it started.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::super::app::App;
use super::super::drawn::DrawnList;
use super::super::panes::history::{HISTORY_LIMIT, HistoryPane, Reach};
use super::super::state::{Load, Screen};
use super::super::theme::Theme;
use super::columns::{self, Column};
use super::layout;
use super::runs;
use super::tasks::{empty_message, error_below, list_table, pane_block};
use crate::model::health::run_time;
use crate::present::{self, sanitize};

/// The task's runs over the body; returns where its rows are.
pub fn draw(
    frame: &mut Frame<'_>,
    app: &App,
    pane: &HistoryPane,
    theme: &Theme,
    area: Rect,
) -> DrawnList {
    let filter = match &pane.status_filter {
        Some(s) => format!(" · status {}", sanitize::line(s)),
        None => String::new(),
    };
    let title = format!(
        " Runs of “{}” ({}){filter}",
        sanitize::line(&pane.title),
        pane.visible.len()
    );
    let failed = match &pane.load {
        Load::Failed(e) if !pane.visible.is_empty() => Some(e.as_str()),
        _ => None,
    };
    let block = pane_block(title, &pane.load, true, theme, area.width);
    frame.render_widget(error_below(block, failed, theme, area.width), area);
    // The reach line takes the first row inside the border; the table's header the next.
    let reach_area = Rect::new(
        area.x.saturating_add(1),
        area.y.saturating_add(1),
        area.width.saturating_sub(2),
        u16::from(area.height > 3),
    );
    let list = Rect::new(
        area.x,
        area.y.saturating_add(reach_area.height),
        area.width,
        area.height.saturating_sub(reach_area.height),
    );
    let rows_area = layout::list_rows(list);
    if pane.load == Load::Loaded || !pane.listed.is_empty() {
        let text = present::fit(&reach_line(app, pane), usize::from(reach_area.width));
        frame.render_widget(Paragraph::new(Line::styled(text, theme.muted)), reach_area);
    }
    let height = usize::from(rows_area.height);
    let offset = layout::list_offset(pane.selected, height);
    let drawn = DrawnList {
        screen: Screen::Tasks,
        rows: rows_area,
        first: offset,
    };
    if pane.visible.is_empty() {
        let hint = if pane.of_task > 0 {
            "No run of this task has this status. f cycles the status filter."
        } else if pane.unknown > 0 {
            "Looking for this task's runs…"
        } else {
            "No run of this task among the runs listed."
        };
        frame.render_widget(empty_message(&pane.load, "runs", hint, theme), rows_area);
        return drawn;
    }
    let on_screen = || pane.visible.iter().skip(offset).take(height);
    let status_width = runs::status_width(on_screen().map(|i| &pane.listed[*i])) + 1;
    let id_width = runs::id_width(on_screen().map(|i| &pane.listed[*i]));
    let columns = [
        Column::new("", 1),
        Column::new("Status", status_width),
        Column::new("Started", 15).or_short("Started", 11),
        // `59 min ago` at most (`47 h ago`, `365 d ago` are shorter).
        Column::new("Ago", 10),
        Column::new("Duration", 8),
        Column::new("Cost", 9),
        Column::fill("Run id", id_width.min(8)),
    ];
    // What goes first when narrow: the cost, the duration, the start's weekday, then the start;
    // the status and how long ago stay, the run id is cut.
    let fitted = columns::fit(&columns, &[5, 4, 2, 2], rows_area.width);
    let now = app.now();
    let rows = pane
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(pos, index)| {
            let run = &pane.listed[*index];
            let selected = pos == pane.selected;
            let (symbol, style) = theme.status(&run.status);
            let started = run_time(run);
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
                let text = started.map_or(present::NONE.to_string(), |at| {
                    present::table_instant(at, app.local())
                });
                let text = if fitted.is_short(2) {
                    columns::without_weekday(&text).to_string()
                } else {
                    text
                };
                cells.push(Cell::from(cut(2, &text)));
            }
            let ago = started.map_or(present::NONE.to_string(), |at| present::ago(at, now));
            cells.push(Cell::from(Span::styled(cut(3, &ago), theme.muted)));
            if fitted.has(4) {
                cells.push(Cell::from(cut(4, &present::run_duration(run))));
            }
            if fitted.has(5) {
                cells.push(Cell::from(cut(5, &present::cost(run.cost_in_cents))));
            }
            cells.push(Cell::from(Span::styled(
                cut(6, &sanitize::line(&run.id)),
                theme.muted,
            )));
            Row::new(cells).style(if selected { theme.selected } else { theme.text })
        });
    let (names, widths) = fitted.shown_columns(&columns);
    let widths = widths.into_iter().map(Constraint::Length).collect();
    list_table(frame, rows, widths, names, rows_area, theme);
    drawn
}

/// `12 runs in the account's latest 100, back to Sun 11-01 09:00 (28 d ago)`, or `3 runs in
/// all 37 of the account's runs, since …` when the list holds them all; and, while runs are
/// read for their task, how many are left.
pub fn reach_line(app: &App, pane: &HistoryPane) -> String {
    let count = match pane.of_task {
        1 => "1 run".to_string(),
        n => format!("{n} runs"),
    };
    let when = |oldest: Option<chrono::DateTime<chrono::Utc>>| {
        oldest.map_or(String::new(), |at| {
            format!(
                "{} ({})",
                present::table_instant(at, app.local()),
                present::ago(at, app.now())
            )
        })
    };
    let mut line = match pane.reach() {
        Reach::Latest { oldest, .. } => format!(
            "{count} in the account's latest {HISTORY_LIMIT}, back to {}",
            when(oldest)
        ),
        Reach::All { listed: 0, .. } => "The account has no runs yet".to_string(),
        Reach::All { listed, oldest } => format!(
            "{count} in all {listed} of the account's runs, since {}",
            when(oldest)
        ),
    };
    if pane.unknown > 0 {
        line.push_str(&format!(" · finding the task of {} more…", pane.unknown));
    }
    line
}
