//! One run: every field, its attempts (or `attemptCount` when the server sends none), its
//! error, and payload and output as pretty JSON, in one scrollable page.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use serde_json::Value;

use crate::model::{Run, RunError, RunStatus};

use super::super::app::App;
use super::super::state::{Load, RunView};
use super::super::theme::Theme;
use super::tasks::pane_block;
use crate::present::{self, sanitize};

/// The run's page; returns how many first lines it can start at: its lines as wrapped at the
/// pane's width less the pane's height, plus one (the last shows the end, the pane full).
pub fn draw(frame: &mut Frame<'_>, app: &App, view: &RunView, theme: &Theme, area: Rect) -> usize {
    let block = pane_block(
        format!(" Run {}", sanitize::line(&view.id)),
        &view.load,
        true,
        theme,
        area.width,
    );
    let mut lines = Vec::new();
    if let Load::Failed(e) = &view.load {
        lines.push(Line::styled(
            format!("Could not refresh: {}", sanitize::line(e)),
            theme.error,
        ));
    }
    let page = match &view.run {
        Some(run) => run_lines(run, app, theme),
        None => vec![Line::styled("Loading…", theme.muted)],
    };
    lines.extend(page);
    let inner = block.inner(area);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Counted as drawn, wrapped, so `G` reaches the last line of a long prompt or output.
    let count = paragraph.line_count(inner.width);
    let last_top = count.saturating_sub(usize::from(inner.height));
    // Scrolled before the page was drawn, the position may be past its end.
    let scroll = usize::from(view.scroll).min(last_top) as u16;
    frame.render_widget(paragraph.block(block).scroll((scroll, 0)), area);
    last_top + 1
}

fn field<'a>(name: &str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{name:<18}"), theme.muted),
        Span::raw(value),
    ])
}

fn heading<'a>(text: &str, theme: &Theme) -> Line<'a> {
    Line::styled(text.to_string(), theme.title)
}

fn opt(value: Option<&str>) -> String {
    value
        .filter(|v| !v.is_empty())
        .map_or("—".to_string(), |v| sanitize::line(v).into_owned())
}

fn time(value: Option<&str>, app: &App) -> String {
    value
        .filter(|v| !v.is_empty())
        .map_or("—".to_string(), |v| {
            present::detail_timestamp(v, app.local())
        })
}

fn error_lines<'a>(error: &RunError, indent: &str, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let name = error
        .name
        .as_deref()
        .map(|n| format!("{}: ", sanitize::line(n)))
        .unwrap_or_default();
    lines.push(Line::styled(
        format!("{indent}{name}{}", sanitize::line(&error.message)),
        theme.error,
    ));
    if let Some(stack) = &error.stack_trace {
        for l in sanitize::clean(stack, true).lines() {
            lines.push(Line::styled(format!("{indent}  {l}"), theme.muted));
        }
    }
    lines
}

fn json_lines<'a>(value: &Value) -> Vec<Line<'a>> {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    sanitize::clean(&text, true)
        .lines()
        .map(|l| Line::raw(format!("  {l}")))
        .collect()
}

/// The page's lines (before wrapping): also how far it can scroll.
pub fn run_lines<'a>(run: &Run, app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let (symbol, style) = theme.status(&run.status);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{:<18}", "status"), theme.muted),
        Span::styled(
            format!("{symbol} {}", present::status::word(&run.status)),
            style,
        ),
    ])];
    let flag = |b: bool| if b { "yes" } else { "no" }.to_string();
    lines.push(field("id", sanitize::line(&run.id).into_owned(), theme));
    if let Some(id) = run.task_id() {
        lines.push(field(
            "task",
            present::detail_name(app.task_name(id), id),
            theme,
        ));
    }
    lines.push(field(
        "taskIdentifier",
        sanitize::line(&run.task_identifier).into_owned(),
        theme,
    ));
    lines.push(field("createdAt", time(Some(&run.created_at), app), theme));
    lines.push(field("updatedAt", time(Some(&run.updated_at), app), theme));
    lines.push(field(
        "startedAt",
        time(run.started_at.as_deref(), app),
        theme,
    ));
    lines.push(field(
        "finishedAt",
        time(run.finished_at.as_deref(), app),
        theme,
    ));
    lines.push(field(
        "delayedUntil",
        time(run.delayed_until.as_deref(), app),
        theme,
    ));
    lines.push(field(
        "expiredAt",
        time(run.expired_at.as_deref(), app),
        theme,
    ));
    lines.push(field("duration", present::run_duration(run), theme));
    lines.push(field(
        "cost",
        present::cost_with_base(run.cost_in_cents, run.base_cost_in_cents),
        theme,
    ));
    lines.push(Line::raw(""));
    match &run.attempts {
        Some(attempts) => {
            lines.push(heading(&format!("Attempts ({})", attempts.len()), theme));
            for (i, a) in attempts.iter().enumerate() {
                let (symbol, style) = theme.status(&RunStatus::from_name(&a.status));
                lines.push(Line::from(vec![
                    Span::raw(format!("  #{} ", i + 1)),
                    Span::styled(format!("{symbol} {}", sanitize::line(&a.status)), style),
                    Span::styled(format!("  {}", sanitize::line(&a.id)), theme.muted),
                ]));
                lines.push(Line::raw(format!(
                    "     started {}  completed {}",
                    time(a.started_at.as_deref(), app),
                    time(a.completed_at.as_deref(), app),
                )));
                if let Some(e) = &a.error {
                    lines.extend(error_lines(e, "    ", theme));
                }
            }
        }
        None => lines.push(field(
            "attemptCount",
            run.attempt_count.map_or("—".to_string(), |n| n.to_string()),
            theme,
        )),
    }
    if let Some(error) = &run.error {
        lines.push(Line::raw(""));
        lines.push(heading("Error", theme));
        lines.extend(error_lines(error, "  ", theme));
    }
    lines.push(Line::raw(""));
    lines.push(heading("Fields", theme));
    lines.push(field("version", opt(run.version.as_deref()), theme));
    lines.push(field(
        "idempotencyKey",
        opt(run.idempotency_key.as_deref()),
        theme,
    ));
    lines.push(field("ttl", opt(run.ttl.as_deref()), theme));
    lines.push(field("depth", run.depth.to_string(), theme));
    lines.push(field("isTest", flag(run.is_test), theme));
    let tags = if run.tags.is_empty() {
        "—".to_string()
    } else {
        sanitize::line(&run.tags.join(", ")).into_owned()
    };
    lines.push(field("tags", tags, theme));
    lines.push(field("batchId", opt(run.batch_id.as_deref()), theme));
    lines.push(field(
        "triggerFunction",
        opt(run.trigger_function.as_deref()),
        theme,
    ));
    if let Some(env) = &run.env {
        lines.push(field(
            "env",
            format!(
                "{} ({})",
                sanitize::line(&env.name),
                sanitize::line(&env.id)
            ),
            theme,
        ));
    }
    if let Some(schedule) = &run.schedule {
        lines.push(field(
            "schedule",
            format!(
                "{} {} — {}",
                sanitize::line(&schedule.id),
                sanitize::line(&schedule.generator.expression),
                sanitize::line(&schedule.generator.description)
            ),
            theme,
        ));
    }
    for (name, value) in [
        ("Payload", &run.payload),
        ("Output", &run.output),
        ("Metadata", &run.metadata),
        ("Related runs", &run.related_runs),
    ] {
        if let Some(value) = value {
            lines.push(Line::raw(""));
            lines.push(heading(name, theme));
            lines.extend(json_lines(value));
        }
    }
    lines
}
