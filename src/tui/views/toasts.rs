//! Toasts (errors and confirmations, bottom right) and the yes/no dialogs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::super::app::App;
use super::super::panes::marks::question_text;
use super::super::state::{Question, ToastKind};
use super::super::theme::Theme;
use super::format::wrap_words;
use super::layout;
use crate::present::{fit, sanitize};

/// The most lines of text in one toast.
const TOAST_LINES: usize = 3;

/// Toasts stack up from the bottom right corner of the body, the newest lowest: there they
/// cover no pane title, list heading or first field (the list rows and fields the keys act on
/// sit at the top), and they stop above the bottom border, which holds a pane's error and its
/// `more ↓` hint.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, body: Rect) {
    let width = body.width.min(50);
    let mut bottom = body.bottom().saturating_sub(1).max(body.y);
    for toast in app.toasts().iter().rev() {
        if width < 6 {
            break;
        }
        let (symbol, style) = match toast.kind {
            ToastKind::Info => ("✓", theme.ok),
            ToastKind::Error => ("✗", theme.error),
        };
        // Up to three lines, so an error's reason is read whole, not cut at the box's edge.
        let mut wrapped = wrap_words(&sanitize::line(&toast.text), usize::from(width - 4));
        if wrapped.len() > TOAST_LINES {
            wrapped.truncate(TOAST_LINES);
            if let Some(last) = wrapped.last_mut() {
                *last = fit(&format!("{last} …"), usize::from(width - 4));
            }
        }
        let height = wrapped.len().max(1) as u16 + 2;
        if bottom < body.y + height {
            break;
        }
        let lines: Vec<Line<'_>> = wrapped
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let head = if i == 0 {
                    format!("{symbol} ")
                } else {
                    "  ".into()
                };
                Line::from(vec![Span::styled(head, style), Span::raw(text)])
            })
            .collect();
        bottom -= height;
        let area = Rect::new(body.right() - width, bottom, width, height);
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(lines).block(Block::default().borders(Borders::ALL).border_style(style)),
            area,
        );
    }
    let yes_no: &[(&str, &str)] = &[("y", " yes   "), ("n", " no")];
    let question = match (&app.question, app.draft_offer()) {
        (Some(Question::DeleteTask { title, .. }), _) => Some((
            format!("Delete “{}”? This cannot be undone.", sanitize::line(title)),
            yes_no,
        )),
        (Some(Question::Bulk { kind, tasks }), _) => {
            // As much as the question's box holds on three lines.
            let room = usize::from(body.width.min(60).saturating_sub(2)) * 3;
            let already = app.tasks().already(*kind, tasks);
            Some((question_text(*kind, tasks, already, room), yes_no))
        }
        (Some(Question::DiscardForm), _) => Some((
            "Discard the changes to this task? U on the Tasks screen brings them back.".into(),
            yes_no,
        )),
        (Some(Question::DiscardDraft), _) => Some((
            format!(
                "Discard the draft “{}”? U on the Tasks screen brings it back.",
                sanitize::line(app.kept_draft_name())
            ),
            yes_no,
        )),
        (None, Some(draft)) => Some((
            format!(
                "A draft from last time was found: “{}”{}. Open it?",
                sanitize::line(draft.name()),
                if draft.editing.is_some() {
                    ", an edit"
                } else {
                    ""
                }
            ),
            &[
                ("y/n/Enter", " open   "),
                ("Esc", " later   "),
                ("d", " discard"),
            ][..],
        )),
        (None, None) => None,
    };
    if let Some((text, keys)) = question {
        draw_question(frame, theme, body, &text, keys);
    }
}

/// A question in a centred box as tall as its words need; when the screen is short the text is
/// cut, never the line of keys that answer it.
fn draw_question(
    frame: &mut Frame<'_>,
    theme: &Theme,
    body: Rect,
    text: &str,
    keys: &[(&str, &str)],
) {
    let width = body.width.min(60);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let room = usize::from(body.height.saturating_sub(2));
    if room == 0 {
        return;
    }
    let key_text: String = keys
        .iter()
        .map(|(key, what)| format!("{key}{what}"))
        .collect();
    let key_rows = wrap_words(&key_text, inner).len().clamp(1, room);
    let mut lines = wrap_words(text, inner);
    let blank = usize::from(lines.len() + 1 + key_rows <= room);
    let text_rows = room - key_rows - blank;
    if lines.len() > text_rows {
        lines.truncate(text_rows);
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last} …"), inner);
        }
    }
    let height = (lines.len() + blank + key_rows + 2) as u16;
    let area = layout::centered(body, width, height);
    frame.render_widget(Clear, area);
    let mut rows: Vec<Line<'_>> = lines.into_iter().map(Line::raw).collect();
    if blank == 1 {
        rows.push(Line::raw(""));
    }
    rows.push(Line::from(
        keys.iter()
            .flat_map(|(key, what)| [Span::styled(*key, theme.accent), Span::raw(*what)])
            .collect::<Vec<_>>(),
    ));
    frame.render_widget(
        Paragraph::new(rows).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(Span::styled(" Confirm ", theme.title)),
        ),
        area,
    );
}
