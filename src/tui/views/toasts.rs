//! Toasts (errors and confirmations, top right) and the yes/no dialogs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::super::app::App;
use super::super::sanitize;
use super::super::state::{Question, ToastKind};
use super::super::theme::Theme;
use super::format::fit;
use super::layout;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, body: Rect) {
    let width = body.width.min(50);
    let mut y = body.y;
    for toast in app.toasts.iter().rev() {
        if y + 3 > body.bottom() || width < 6 {
            break;
        }
        let (symbol, style) = match toast.kind {
            ToastKind::Info => ("✓", theme.ok),
            ToastKind::Error => ("✗", theme.error),
        };
        let area = Rect::new(body.right() - width, y, width, 3);
        let text = fit(&sanitize::line(&toast.text), usize::from(width - 4));
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{symbol} "), style),
                Span::raw(text),
            ]))
            .block(Block::default().borders(Borders::ALL).border_style(style)),
            area,
        );
        y += 3;
    }
    let question = match (&app.question, &app.draft_offer) {
        (Some(Question::DeleteTask { title, .. }), _) => Some(format!(
            "Delete “{}”? This cannot be undone.",
            sanitize::line(title)
        )),
        (Some(Question::DiscardForm), _) => Some("Discard the changes to this task?".to_string()),
        (None, Some(draft)) => Some(format!(
            "A draft from last time was found: “{}”. Restore it?",
            sanitize::line(if draft.title.is_empty() {
                "untitled"
            } else {
                &draft.title
            })
        )),
        (None, None) => None,
    };
    if let Some(text) = question {
        let area = layout::centered(body, 60, 6);
        frame.render_widget(Clear, area);
        let lines = vec![
            Line::raw(text),
            Line::raw(""),
            Line::from(vec![
                Span::styled("y", theme.accent),
                Span::raw(" yes   "),
                Span::styled("n", theme.accent),
                Span::raw(" no"),
            ]),
        ];
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.focus)
                    .title(Span::styled(" Confirm ", theme.title)),
            ),
            area,
        );
    }
}
