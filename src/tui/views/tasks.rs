//! The Tasks screen: the list and the selected task's detail.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use crate::model::health::{Health, Verdict};
use crate::model::{ListedTask, RunSummary};
use trigger_cron::timezones;

use super::super::app::App;
use super::super::drawn::DrawnList;
use super::super::preview;
use super::super::state::{Load, Screen, TasksFocus};
use super::super::theme::Theme;
use super::columns::{self, Column};
use super::{format, layout};
use crate::present::{self, sanitize};
use unicode_width::UnicodeWidthStr;

/// The list and the detail; returns where the list's rows are and, when a task's detail was
/// drawn, its id and how many first lines it can start at (`Drawn::detail_tops`).
pub fn draw(
    frame: &mut Frame<'_>,
    app: &App,
    theme: &Theme,
    body: Rect,
) -> (DrawnList, Option<(String, usize)>) {
    let areas = layout::tasks(body);
    let list = draw_list(frame, app, theme, areas.list);
    let detail = if areas.detail.height > 0 {
        draw_detail(frame, app, theme, areas.detail)
    } else {
        None
    };
    (list, detail)
}

/// The block around a pane `width` columns wide, its title saying how the data stands: cut
/// with `…` to fit between the corners, the state (loading, error) kept whole.
pub fn pane_block<'a>(
    title: String,
    load: &Load,
    focused: bool,
    theme: &Theme,
    width: u16,
) -> Block<'a> {
    let state = match load {
        Load::Idle | Load::Loaded => String::new(),
        Load::Loading => " · loading…".into(),
        Load::Failed(_) => " · error".into(),
    };
    let border = if focused { theme.focus } else { theme.border };
    let marker = if focused { "▌" } else { " " };
    let room = usize::from(width.saturating_sub(2)).saturating_sub(1 + state.width() + 1);
    Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(
            format!("{marker}{}{state} ", present::fit(&title, room)),
            if focused { theme.focus } else { theme.title },
        ))
}

/// `block` (`width` columns wide) with `error` on its bottom border, cut with `…` to fit (a
/// list that keeps its rows after a failed refresh, a form that was not saved).
pub fn error_below<'a>(
    block: Block<'a>,
    error: Option<&str>,
    theme: &Theme,
    width: u16,
) -> Block<'a> {
    let room = usize::from(width.saturating_sub(4));
    match error {
        Some(e) => block.title_bottom(Line::styled(
            format!(" {} ", present::fit(&sanitize::line(e), room)),
            theme.error,
        )),
        None => block,
    }
}

/// A centred message inside an empty list.
pub fn empty_message<'a>(
    load: &Load,
    what: &str,
    empty_hint: &str,
    theme: &Theme,
) -> Paragraph<'a> {
    let line = match load {
        Load::Idle | Load::Loading => Line::styled(format!("Loading {what}…"), theme.muted),
        Load::Failed(e) => Line::styled(
            format!("Could not load {what}: {}", sanitize::line(e)),
            theme.error,
        ),
        Load::Loaded => Line::styled(empty_hint.to_string(), theme.muted),
    };
    Paragraph::new(line).wrap(Wrap { trim: true })
}

/// The Tasks list's Artist column: its width.
const ARTIST_WIDTH: u16 = 16;

fn draw_list(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) -> DrawnList {
    let pane = &app.tasks;
    // While a filter is typed or kept, the count says how many of all it matches, even all.
    let filtered = pane.filtering || !pane.filter.is_empty();
    let mut title = format!(" Tasks ({}", pane.visible.len());
    if filtered || pane.visible.len() != pane.rows.len() {
        title.push_str(&format!(" of {}", pane.rows.len()));
    }
    title.push(')');
    if !pane.marks.is_empty() {
        title.push_str(&format!(" · {} marked", pane.marks.len()));
    }
    if let Some(artist) = &pane.artist_filter {
        title.push_str(&format!(" · artist {}", sanitize::line(artist)));
    }
    let sort = format!(" · by {}", pane.sort.label());
    let mut filter = String::new();
    if filtered {
        let cursor = if pane.filtering { "▏" } else { "" };
        filter = format!(" · /{}{cursor}", sanitize::line(&pane.filter));
    }
    // The filter being typed matters more than the order: on a narrow pane the order goes.
    let room = usize::from(area.width.saturating_sub(4));
    if filter.is_empty() || (title.width() + sort.width() + filter.width()) <= room {
        title.push_str(&sort);
    }
    title.push_str(&filter);
    let block = pane_block(
        title,
        &pane.load,
        pane.focus == TasksFocus::List,
        theme,
        area.width,
    );
    let rows_area = layout::list_rows(area);
    let height = usize::from(rows_area.height);
    let offset = layout::list_offset(pane.selected, height);
    let drawn = DrawnList {
        screen: Screen::Tasks,
        rows: rows_area,
        first: offset,
    };
    if pane.visible.is_empty() {
        let hint = if pane.rows.is_empty() {
            "No tasks yet. Press n to create one."
        } else {
            "No task matches the filter. Esc clears it."
        };
        frame.render_widget(block, area);
        frame.render_widget(empty_message(&pane.load, "tasks", hint, theme), rows_area);
        return drawn;
    }
    let failed = match &pane.load {
        Load::Failed(e) => Some(e.as_str()),
        _ => None,
    };
    frame.render_widget(error_below(block, failed, theme, area.width), area);
    // The schedule column fits the longest schedule on screen (a cut cron reads as another
    // one, so it is cut only when narrow, with an ellipsis); the title takes what is left.
    let on_screen = || pane.visible.iter().skip(offset).take(height);
    // One column more than the longest: a cron's own spaces must not read as the gap
    // before the next fire.
    let schedule_width = on_screen()
        .map(|i| pane.rows[*i].task.schedule.width())
        .max()
        .map_or(0, |longest| longest + 1)
        .clamp(8, 24) as u16;
    let last_width = on_screen()
        .filter_map(|i| pane.rows[*i].task.recent_runs.first())
        .map(|run| 2 + present::status::word(&run.status).width())
        .max()
        .unwrap_or(0)
        .max(8) as u16;
    // `⚠ missed`, `✗ 2/5`, `✓`: as wide as the widest on screen, and never under its name.
    let health_width = on_screen()
        .map(|i| present::health::list_mark(&pane.rows[*i].health).width())
        .max()
        .unwrap_or(0)
        .max(6) as u16;
    let mut schedule = Column::new("Schedule", schedule_width);
    if schedule_width > 12 {
        schedule = schedule.or_short("Schedule", 12);
    }
    // A column for the marks' `*` only while there are marks.
    let marking = !pane.marks.is_empty();
    let columns = [
        Column::new("", if marking { 3 } else { 2 }),
        Column::fill("Title", 20),
        Column::new("Artist", ARTIST_WIDTH),
        schedule,
        Column::new("Next fire", 15).or_short("Next fire", 11),
        Column::new("Last run", last_width).or_short("Last", 4),
        Column::new("Health", health_width).or_short("", 1),
    ];
    // What goes first when narrow: the artist, a long schedule's end, the last run's word,
    // the next fire's weekday, the last run, the health's words, then the schedule and the
    // next fire. The health's mark never goes: a silent task must be seen at any width.
    // (A short schedule has no shorter form: its first step is skipped, not taken as its
    // removal.)
    let mut steps = vec![2];
    if columns[3].short.is_some() {
        steps.push(3);
    }
    steps.extend([5, 4, 5, 6, 3, 4]);
    let fitted = columns::fit(&columns, &steps, rows_area.width);
    let rows = pane
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(pos, index)| {
            let row = &pane.rows[*index];
            let task = &row.task;
            let selected = pos == pane.selected;
            let marked = pane.marks.contains(&task.id);
            let marker = format!(
                "{}{}{}",
                if selected { "›" } else { " " },
                match (marking, marked) {
                    (true, true) => "*",
                    (true, false) => " ",
                    (false, _) => "",
                },
                if task.enabled != Some(false) {
                    "●"
                } else {
                    "○"
                },
            );
            let next = present::next_fire(row.next_fire, task.enabled != Some(false), app.local());
            let (symbol, status, style) = match task.recent_runs.first() {
                Some(run) => {
                    let (symbol, style) = theme.status(&run.status);
                    (
                        symbol,
                        present::status::word(&run.status).into_owned(),
                        style,
                    )
                }
                None => ("", String::new(), theme.muted),
            };
            let row_style = match (selected, marked) {
                (true, _) => theme.selected,
                (false, true) => theme.accent.add_modifier(Modifier::BOLD),
                (false, false) => theme.text,
            };
            let cut = |column: usize, text: &str| {
                Cell::from(present::fit(text, usize::from(fitted.widths[column])))
            };
            let mut cells = vec![Cell::from(marker), cut(1, &sanitize::line(&task.title))];
            if fitted.has(2) {
                cells.push(cut(2, &present::list_artist(task.artist_name.as_deref())));
            }
            if fitted.has(3) {
                // One column kept blank: see `schedule_width`.
                let width = usize::from(fitted.widths[3].saturating_sub(1));
                cells.push(Cell::from(present::fit(
                    &sanitize::line(&task.schedule),
                    width,
                )));
            }
            if fitted.has(4) {
                let next = if fitted.is_short(4) {
                    columns::without_weekday(&next)
                } else {
                    &next
                };
                cells.push(cut(4, next));
            }
            if fitted.has(5) {
                let mut spans = vec![Span::styled(symbol, style)];
                if !fitted.is_short(5) {
                    spans.extend([Span::raw(" "), Span::styled(status, style)]);
                }
                cells.push(Cell::from(Line::from(spans)));
            }
            let health_style = match row.health.verdict() {
                Verdict::Missed => theme.warn,
                Verdict::Failing => theme.error,
                Verdict::Healthy | Verdict::Unknown => theme.ok,
            };
            let health = if fitted.is_short(6) {
                present::health::list_symbol(&row.health).to_string()
            } else {
                present::health::list_mark(&row.health)
            };
            cells.push(Cell::from(Span::styled(health, health_style)));
            Row::new(cells).style(row_style)
        });
    let (names, widths) = fitted.shown_columns(&columns);
    let widths = widths.into_iter().map(Constraint::Length).collect();
    list_table(frame, rows, widths, names, rows_area, theme);
    drawn
}

/// A list pane's table: the column names underlined on the row above `rows_area` (inside the
/// pane's top border), the rows below.
pub fn list_table<'a>(
    frame: &mut Frame<'_>,
    rows: impl IntoIterator<Item = Row<'a>>,
    widths: Vec<Constraint>,
    names: Vec<&'a str>,
    rows_area: Rect,
    theme: &Theme,
) {
    let header = Row::new(names).style(theme.muted.add_modifier(Modifier::UNDERLINED));
    let table_area = Rect::new(
        rows_area.x,
        rows_area.y.saturating_sub(1),
        rows_area.width,
        rows_area.height + 1,
    );
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table_area,
    );
}

/// The selected task's detail; returns its id and how many first lines it can start at, when a
/// task is selected.
fn draw_detail(
    frame: &mut Frame<'_>,
    app: &App,
    theme: &Theme,
    area: Rect,
) -> Option<(String, usize)> {
    let block = pane_block(
        " Detail".into(),
        &Load::Loaded,
        app.tasks.focus != TasksFocus::List,
        theme,
        area.width,
    );
    let Some(task) = app.tasks.selected_task() else {
        frame.render_widget(
            Paragraph::new(Line::styled("No task selected.", theme.muted)).block(block),
            area,
        );
        return None;
    };
    let lines = detail_lines(app, task, theme, usize::from(area.width.saturating_sub(2)));
    let count = lines.len();
    let height = area.height.saturating_sub(2);
    // The last first line: the one that shows the end at the pane's bottom, the pane full.
    let last_top = count.saturating_sub(usize::from(height));
    let scroll = match app.tasks.focus {
        // Keep the selected run in view.
        TasksFocus::RecentRuns => lines
            .iter()
            .position(|l| l.spans.first().is_some_and(|s| s.content == "› "))
            .map_or(0, |at| (at as u16 + 1).saturating_sub(height)),
        // Scrolled before the detail was drawn, the position may be past its end.
        TasksFocus::Detail => app.tasks.detail_scroll.min(last_top as u16),
        TasksFocus::List => 0,
    };
    // Unwrapped lines undercount, so the hint may stay off for a pane that wraps a little.
    let hint = match app.tasks.focus {
        TasksFocus::Detail => " more ↓ j ",
        _ => " more ↓ Tab ",
    };
    let block = if lines.len() as u16 > scroll + height {
        block.title_bottom(Line::styled(hint, theme.muted))
    } else {
        block
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
    Some((task.id.clone(), last_top + 1))
}

fn label<'a>(name: &'static str, theme: &Theme) -> Span<'a> {
    Span::styled(format!("{name:<10}"), theme.muted)
}

/// The detail pane's lines for `task`, laid out for `width` columns.
pub fn detail_lines<'a>(
    app: &App,
    task: &ListedTask,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'a>> {
    let focused = app.tasks.focus == TasksFocus::RecentRuns;
    let mut lines = Vec::new();
    lines.push(Line::styled(
        sanitize::line(&task.title).into_owned(),
        theme.title,
    ));
    let zone = task.timezone.as_deref().unwrap_or(timezones::DEFAULT_ZONE);
    let description = trigger_cron::describe(&task.schedule)
        .unwrap_or_else(|e| format!("invalid: {}", e.message));
    let schedule = sanitize::line(&task.schedule).into_owned();
    let together = 10 + schedule.width() + 2 + description.width() <= width;
    let mut first = vec![
        label("Schedule", theme),
        Span::styled(schedule, theme.accent),
    ];
    if together {
        first.extend([Span::raw("  "), Span::raw(description)]);
        lines.push(Line::from(first));
    } else {
        // The description under the expression, in the value column, not at the pane's edge.
        lines.push(Line::from(first));
        lines.extend(labelled("", description, theme.text, theme, width));
    }
    lines.push(Line::from(vec![
        label("Zone", theme),
        Span::raw(sanitize::line(zone).into_owned()),
    ]));
    // The hosted run path refused the task: it will not run while the plan stays as it is.
    if let Some(message) = app.tasks().plan_block(&task.id) {
        let text = format!("blocked by plan: {}", sanitize::line(message));
        lines.extend(labelled("Plan", text, theme.error, theme, width));
    }
    if task.enabled == Some(false) {
        lines.push(Line::from(vec![
            label("Next", theme),
            Span::styled("disabled — no fires", theme.muted),
        ]));
    } else {
        match preview::compute(&task.schedule, zone, app.now(), app.local(), None).outcome {
            Ok(fires) => {
                for (i, fire) in fires.lines.iter().enumerate() {
                    let parts = format::fire_lines(fire, "", width.saturating_sub(10));
                    for (j, part) in parts.into_iter().enumerate() {
                        let head = if i == 0 && j == 0 {
                            label("Next", theme)
                        } else {
                            label("", theme)
                        };
                        lines.push(Line::from(vec![head, Span::raw(part)]));
                    }
                }
            }
            Err(e) => lines.push(Line::from(vec![
                label("Next", theme),
                Span::styled(e.message, theme.error),
            ])),
        }
    }
    if let Some(health) = app.tasks.selected_row().map(|row| &row.health) {
        health_lines(&mut lines, health, app, theme, width);
    }
    let (recent, style) = match (task.recent_runs.is_empty(), task.trigger_lookup_failed) {
        // The runs could not be read: "no runs yet" would be a guess.
        (true, Some(true)) => ("unknown (the runs could not be read)", theme.warn),
        (true, _) => ("no runs yet", theme.muted),
        (false, _) => ("", theme.muted),
    };
    lines.push(Line::from(vec![
        label("Recent", theme),
        Span::styled(recent, style),
    ]));
    let status_width = task
        .recent_runs
        .iter()
        .map(|run| present::status::word(&run.status).width())
        .max()
        .unwrap_or(0);
    for (i, run) in task.recent_runs.iter().enumerate() {
        let selected = focused && i == app.tasks.run_selected;
        lines.push(run_line(run, app, theme, selected, status_width, width));
    }
    // Fires that produced no run (the local server records them), so a gap is explained.
    for (i, missed) in task.missed_fires.iter().enumerate() {
        let value = format!(
            "{} — {}",
            present::table_timestamp(&missed.at, app.local()),
            sanitize::line(&missed.reason)
        );
        let name = if i == 0 { "Missed" } else { "" };
        lines.extend(labelled(name, value, theme.warn, theme, width));
    }
    let optional = |v: Option<&str>| {
        v.filter(|s| !s.is_empty())
            .map_or("—".to_string(), |s| sanitize::line(s).into_owned())
    };
    let field = |lines: &mut Vec<Line<'a>>, name: &'static str, value: String| {
        lines.extend(labelled(name, value, theme.text, theme, width));
    };
    field(&mut lines, "Id", sanitize::line(&task.id).into_owned());
    // The name the service sent with the task; else the picker's, for a service without it.
    let artist_name = present::artist_name(task.artist_name.as_deref()).or_else(|| {
        let picked = app.artists.find(&task.artist_account_id);
        present::artist_name(picked.and_then(|a| a.name.as_deref()))
    });
    let artist_id = sanitize::line(&task.artist_account_id).into_owned();
    let beside = present::detail_artist(artist_name.as_deref(), &task.artist_account_id);
    match artist_name {
        // Beside its id where the line holds both, the id muted; else the id on the next line.
        Some(name) if 10 + beside.width() <= width => lines.push(Line::from(vec![
            label("Artist", theme),
            Span::styled(name, theme.text),
            Span::raw("  "),
            Span::styled(artist_id, theme.muted),
        ])),
        Some(name) => {
            field(&mut lines, "Artist", name);
            lines.extend(labelled("", artist_id, theme.muted, theme, width));
        }
        None => field(&mut lines, "Artist", beside),
    }
    field(&mut lines, "Account", optional(Some(&task.account_id)));
    match task
        .model
        .as_deref()
        .filter(|model| !model.trim().is_empty())
    {
        Some(model) => field(&mut lines, "Model", sanitize::line(model).into_owned()),
        None => {
            let default = default_model(app.backend.is_local());
            lines.extend(labelled("Model", default, theme.muted, theme, width));
        }
    }
    field(&mut lines, "Owner", optional(task.owner_email.as_deref()));
    lines.push(Line::from(label("Prompt", theme)));
    // Wrapped here rather than by the paragraph, so the line count (and the scroll) is exact.
    for line in sanitize::clean(&task.prompt, true).lines() {
        let pieces = format::wrap_words(line, width.saturating_sub(2));
        if pieces.is_empty() {
            lines.push(Line::raw(""));
        }
        for piece in pieces {
            lines.push(Line::raw(format!("  {piece}")));
        }
    }
    lines
}

/// The task's health: a missed fire, how many recent runs failed, the last success and the
/// last failure with how long ago. Nothing for a task with neither runs nor a missed fire.
fn health_lines<'a>(
    lines: &mut Vec<Line<'a>>,
    health: &Health,
    app: &App,
    theme: &Theme,
    width: usize,
) {
    use present::health as text;
    if health.verdict() == Verdict::Unknown {
        return;
    }
    let (now, local) = (app.now(), app.local());
    let mut name = "Health";
    if let Some(missed) = &health.missed {
        let (when, why) = text::missed(missed, now, local);
        lines.extend(labelled(
            name,
            format!("⚠ missed {when}"),
            theme.warn,
            theme,
            width,
        ));
        lines.extend(labelled("", format!("  {why}"), theme.warn, theme, width));
        name = "";
    }
    if health.runs > 0 {
        let (mark, style) = match health.failed {
            0 => ("✓", theme.ok),
            _ => ("✗", theme.error),
        };
        let line = format!("{mark} {}", text::failures(health));
        lines.extend(labelled(name, line, style, theme, width));
    }
    if let Some(success) = text::last_success(health, now, local) {
        lines.extend(labelled("Succeeded", success, theme.text, theme, width));
    }
    if let Some(failure) = text::last_failure(health, now, local) {
        lines.extend(labelled("Failed", failure, theme.text, theme, width));
    }
}

/// What a task that names no model runs with: the local runner's default, or on a hosted API
/// whatever the account's default is (the app cannot know it).
fn default_model(local: bool) -> String {
    if local {
        format!("default: {}", crate::model::DEFAULT_MODEL)
    } else {
        "the account's default model".to_string()
    }
}

/// `Label     value` on one line when it fits `width`; else the label, then the value on the
/// lines below, indented by two (an id stays whole on its line where it can).
fn labelled<'a>(
    name: &'static str,
    value: String,
    style: Style,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'a>> {
    if 10 + value.width() <= width {
        return vec![Line::from(vec![
            label(name, theme),
            Span::styled(value, style),
        ])];
    }
    let mut lines = Vec::new();
    if !name.is_empty() {
        lines.push(Line::from(label(name, theme)));
    }
    for piece in format::wrap_words(&value, width.saturating_sub(2)) {
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(piece, style),
        ]));
    }
    lines
}

/// `› ✓ COMPLETED Sun 11-29 09:00    1.2s  $0.0012`: statuses padded to `status_width`, the
/// cost left out when the line would not fit `width`.
fn run_line<'a>(
    run: &RunSummary,
    app: &App,
    theme: &Theme,
    selected: bool,
    status_width: usize,
    width: usize,
) -> Line<'a> {
    let (symbol, style) = theme.status(&run.status);
    let started = run.started_or_created().map_or("—".to_string(), |at| {
        present::table_instant(at, app.local())
    });
    let status = format!(
        "{symbol} {}",
        present::pad(&present::status::word(&run.status), status_width)
    );
    let mut rest = format!(" {started} {:>7}", present::summary_duration(run));
    let cost = format!("  {}", present::cost(run.cost_in_cents));
    if 2 + status.width() + rest.width() + cost.width() <= width {
        rest.push_str(&cost);
    }
    let line = Line::from(vec![
        Span::raw(if selected { "› " } else { "  " }),
        Span::styled(status, style),
        Span::raw(rest),
    ]);
    if selected {
        line.style(theme.selected)
    } else {
        line.style(Style::new())
    }
}
