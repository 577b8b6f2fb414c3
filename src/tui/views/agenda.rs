//! The Agenda screen: a chart of fires per hour of the day over the window (dropped when the
//! terminal is small), then the fires by day, each with its local time, its task's zone time
//! when that differs, the title, the artist, and marks for a shared minute or a DST day.

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::super::app::App;
use super::super::drawn::DrawnList;
use super::super::panes::agenda::{AgendaPane, Empty, Fire, MAX_FIRES, Row, Window};
use super::super::state::{Load, Screen};
use super::super::theme::Theme;
use super::columns::{self, Column};
use super::format::fit_line;
use super::layout;
use super::tasks::pane_block;
use crate::present::{self, dst_note, sanitize};

/// The chart's height, borders included: five rows of bars and the hours under them.
const CHART_HEIGHT: u16 = 8;

/// Whether the chart is drawn in a body of this size: the list keeps at least 12 rows.
pub fn chart_shown(body: Rect) -> bool {
    body.height >= CHART_HEIGHT + 14 && body.width >= 50
}

/// The chart and the list; returns where the list's rows are.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, body: Rect) -> DrawnList {
    let pane = app.agenda();
    let list_area = if chart_shown(body) && pane.total() > 0 {
        let [chart, list] =
            Layout::vertical([Constraint::Length(CHART_HEIGHT), Constraint::Min(0)]).areas(body);
        draw_chart(frame, pane, theme, chart);
        list
    } else {
        body
    };
    draw_list(frame, app, theme, list_area)
}

fn local(pane: &AgendaPane) -> Tz {
    pane.local.unwrap_or(Tz::UTC)
}

/// `1,234`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn draw_chart(frame: &mut Frame<'_>, pane: &AgendaPane, theme: &Theme, area: Rect) {
    let (busiest, most) = pane
        .per_hour
        .iter()
        .enumerate()
        .max_by_key(|(hour, n)| (**n, std::cmp::Reverse(*hour)))
        .map_or((0, 0), |(hour, n)| (hour, *n));
    let title = format!(
        " Fires per hour of the day (local) · busiest {busiest:02}:00 with {}",
        thousands(u64::from(most))
    );
    let block = pane_block(title, &Load::Loaded, false, theme, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // 24 bars and 23 gaps when they fit; else no gaps.
    let width = inner.width;
    let (bar_width, gap) = if width >= 24 * 2 + 23 {
        ((width - 23) / 24, 1)
    } else {
        ((width / 24).max(1), 0)
    };
    let labelled = bar_width >= 2;
    let bars: Vec<Bar<'_>> = pane
        .per_hour
        .iter()
        .enumerate()
        .map(|(hour, n)| {
            let bar = Bar::default()
                .value(u64::from(*n))
                .text_value(String::new())
                .style(if hour == busiest && most > 0 {
                    theme.warn
                } else {
                    theme.accent
                });
            if labelled {
                bar.label(Line::from(format!("{hour:02}")))
            } else {
                bar
            }
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(gap)
        .label_style(theme.muted);
    frame.render_widget(chart, inner);
}

/// What the list's title says of the window.
fn window_label(window: Window) -> &'static str {
    match window {
        Window::Week => "next 7 days (w: 30)",
        Window::Month => "next 30 days (w: 7)",
    }
}

fn draw_list(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) -> DrawnList {
    let pane = app.agenda();
    let tasks = app.tasks();
    let mut title = format!(" Agenda · {}", window_label(pane.window));
    if pane.total() > 0 {
        let noun = if pane.total() == 1 { "fire" } else { "fires" };
        title.push_str(&format!(" · {} {noun}", thousands(pane.total())));
    }
    let block = pane_block(title, &tasks.load, true, theme, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The last line explains the marks (or the selected fire's DST day) when there is room.
    let legend_shown = inner.height >= 4;
    let rows_area = Rect {
        height: inner.height.saturating_sub(u16::from(legend_shown)),
        ..inner
    };
    let height = usize::from(rows_area.height);
    let offset = layout::list_offset(pane.selected, height);
    let drawn = DrawnList {
        screen: Screen::Agenda,
        rows: rows_area,
        first: offset,
    };
    let empty = pane.state(tasks);
    if empty != Empty::NotEmpty {
        let days = pane.window.days();
        let (text, style) = match empty {
            Empty::Loading => ("Loading tasks…".to_string(), theme.muted),
            Empty::Failed(e) => (
                format!(
                    "Could not load tasks: {}. r tries again.",
                    sanitize::line(&e)
                ),
                theme.error,
            ),
            Empty::NoTasks => (
                "No tasks yet, so nothing fires. Press 1, then n to create one.".into(),
                theme.muted,
            ),
            Empty::NoEnabledTasks => (
                "No enabled task, so nothing fires. On the Tasks screen (1), space enables one."
                    .into(),
                theme.muted,
            ),
            Empty::NoFires if pane.window == Window::Week => (
                format!("No fire in the next {days} days. w looks 30 days ahead."),
                theme.muted,
            ),
            Empty::NoFires | Empty::NotEmpty => {
                (format!("No fire in the next {days} days."), theme.muted)
            }
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, style)).wrap(Wrap { trim: true }),
            inner,
        );
        return drawn;
    }
    let shown: Vec<&Row> = pane.rows.iter().skip(offset).take(height).collect();
    let on_screen = || {
        shown.iter().filter_map(|row| match row {
            Row::Fire(i) => pane.fires.get(*i),
            Row::Day(_) => None,
        })
    };
    let zone_width = on_screen()
        .map(|f| zone_time(pane, f, false).width())
        .max()
        .unwrap_or(0)
        .min(30) as u16;
    let marks_width = on_screen().map(|f| marks(f).width()).max().unwrap_or(0) as u16;
    let short_zone = on_screen()
        .map(|f| zone_time(pane, f, true).width())
        .max()
        .unwrap_or(0) as u16;
    let mut zone = Column::new("", zone_width);
    if short_zone < zone_width {
        zone = zone.or_short("", short_zone);
    }
    let columns = [
        Column::new("", 1),
        Column::new("", 5),
        zone,
        Column::fill("", 12),
        Column::new("", 16),
        Column::new("", marks_width),
    ];
    // Narrow: the artist goes first, then the zone's name, then the zone's time; the time, the
    // title and the marks stay.
    let mut steps = vec![4];
    if zone_width == 0 {
        // No zone time on screen: no column for it at all.
        steps.insert(0, 2);
    } else if columns[2].short.is_some() {
        steps.push(2);
    }
    steps.push(2);
    if marks_width == 0 {
        steps.insert(0, 5);
    }
    let fitted = columns::fit(&columns, &steps, rows_area.width);
    let today = pane.from.with_timezone(&local(pane)).date_naive();
    let lines: Vec<Line<'_>> = shown
        .iter()
        .enumerate()
        .map(|(i, row)| match row {
            Row::Day(date) => {
                let mut text = date.format("%a %-d %b").to_string();
                match (*date - today).num_days() {
                    0 => text.push_str(" · today"),
                    1 => text.push_str(" · tomorrow"),
                    _ => {}
                }
                fit_line(
                    Line::styled(text, theme.title),
                    usize::from(rows_area.width),
                )
            }
            Row::Fire(index) => {
                let selected = offset + i == pane.selected;
                fire_line(pane, &pane.fires[*index], selected, &fitted, theme)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
    if legend_shown {
        let legend_area = Rect::new(inner.x, inner.bottom() - 1, inner.width, 1);
        let legend = legend(pane, theme);
        frame.render_widget(
            Paragraph::new(fit_line(legend, usize::from(inner.width))),
            legend_area,
        );
    }
    drawn
}

/// `09:00 (17:00 Europe/London)`'s second part, `(17:00 Europe/London)` (short: `(17:00 GMT)`);
/// empty when the task's clock reads as the viewer's.
fn zone_time(pane: &AgendaPane, fire: &Fire, short: bool) -> String {
    let task = &pane.tasks[fire.task];
    let local = local(pane);
    let offset = |zone: Tz| zone.offset_from_utc_datetime(&fire.at.naive_utc()).fix();
    if offset(task.zone) == offset(local) {
        return String::new();
    }
    let at = fire.at.with_timezone(&task.zone);
    if short {
        at.format("(%H:%M %Z)").to_string()
    } else {
        format!("({} {})", at.format("%H:%M"), task.zone_name)
    }
}

/// `×3 DST`: how many tasks share the minute, and whether a clock change touches the day.
fn marks(fire: &Fire) -> String {
    let mut out = Vec::new();
    if fire.together > 1 {
        out.push(format!("×{}", fire.together));
    }
    if fire.dst.is_some() {
        out.push("DST".to_string());
    }
    out.join(" ")
}

fn fire_line<'a>(
    pane: &AgendaPane,
    fire: &Fire,
    selected: bool,
    fitted: &columns::Fitted,
    theme: &Theme,
) -> Line<'a> {
    let task = &pane.tasks[fire.task];
    let cut = |column: usize, text: &str| present::pad(text, usize::from(fitted.widths[column]));
    let mut spans = vec![
        Span::raw(if selected { "›" } else { " " }),
        Span::raw(" "),
        Span::raw(
            fire.at
                .with_timezone(&local(pane))
                .format("%H:%M")
                .to_string(),
        ),
    ];
    if fitted.has(2) {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            cut(2, &zone_time(pane, fire, fitted.is_short(2))),
            theme.muted,
        ));
    }
    spans.push(Span::raw(" "));
    spans.push(Span::raw(cut(3, &sanitize::line(&task.title))));
    if fitted.has(4) {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            cut(4, &sanitize::line(&task.artist)),
            theme.muted,
        ));
    }
    if fitted.has(5) {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(cut(5, &marks(fire)), theme.warn));
    }
    let line = Line::from(spans);
    if selected {
        line.style(theme.selected)
    } else {
        line.style(Style::new())
    }
}

/// The selected fire's DST day in words; else what the marks mean; and where the list stops
/// when it stops short of the window's end.
fn legend<'a>(pane: &AgendaPane, theme: &Theme) -> Line<'a> {
    if let Some(fire) = pane.selected_fire()
        && let Some(day) = fire
            .dst
            .and_then(|i| pane.tasks[fire.task].dst_days.as_ref()?.get(i))
    {
        let task = &pane.tasks[fire.task];
        let note = dst_note(day, task.zone);
        return Line::from(vec![
            Span::styled("DST ", theme.warn),
            Span::raw(format!("{note} ({})", task.zone_name)),
        ]);
    }
    if pane.complete && pane.fires.len() >= MAX_FIRES {
        return Line::styled(
            format!(
                "The list stops at {} fires; the chart counts all {}.",
                thousands(MAX_FIRES as u64),
                thousands(pane.total())
            ),
            theme.muted,
        );
    }
    Line::from(vec![
        Span::styled("×N", theme.warn),
        Span::styled(" N tasks fire in the same minute · ", theme.muted),
        Span::styled("DST", theme.warn),
        Span::styled(
            " a clock change touches that day (select it to see what the scheduler does)",
            theme.muted,
        ),
    ])
}
