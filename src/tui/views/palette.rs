//! The command palette: the line typed, on the bottom row in place of the context bar, and its
//! best matches in a box just above it, each with its keys and help.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::super::app::App;
use super::super::palette::{Palette, SHOWN};
use super::super::theme::Theme;
use super::format;
use crate::present::{self, sanitize};

/// The prompt over `bar` and the matches above it, at the bottom of `body`.
pub fn draw(
    frame: &mut Frame<'_>,
    app: &App,
    palette: &Palette,
    theme: &Theme,
    body: Rect,
    bar: Rect,
) {
    if bar.height > 0 {
        let prompt = Line::from(vec![
            Span::styled(":", theme.accent),
            Span::raw(sanitize::line(&palette.input).into_owned()),
            Span::styled("▏", theme.accent),
            Span::styled("   Enter run · Tab complete · Esc close", theme.muted),
        ]);
        frame.render_widget(Clear, bar);
        frame.render_widget(
            Paragraph::new(format::fit_line(prompt, usize::from(bar.width))),
            bar,
        );
    }
    let candidates = app.palette_candidates();
    let shown = candidates.len().min(SHOWN);
    let height = (shown.max(1) as u16 + 2).min(body.height);
    if height < 3 || body.width < 10 {
        return;
    }
    let width = body.width.min(80);
    let area = Rect::new(body.x, body.bottom() - height, width, height);
    // The chosen line stays in view: the window scrolls with it.
    let first = palette.chosen.saturating_sub(shown.saturating_sub(1));
    let line_width = candidates
        .iter()
        .skip(first)
        .take(shown)
        .map(|c| c.line.width())
        .max()
        .unwrap_or(0)
        .min(28);
    let keys_width = candidates
        .iter()
        .skip(first)
        .take(shown)
        .map(|c| c.keys.width())
        .max()
        .unwrap_or(0)
        .min(14);
    let inner = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line<'_>> = candidates
        .iter()
        .enumerate()
        .skip(first)
        .take(shown)
        .map(|(i, c)| {
            let chosen = i == palette.chosen;
            let marker = if chosen { "›" } else { " " };
            let line = Line::from(vec![
                Span::raw(marker),
                Span::raw(present::pad(&sanitize::line(&c.line), line_width)),
                Span::raw("  "),
                Span::styled(present::pad(&c.keys, keys_width), theme.accent),
                Span::raw("  "),
                Span::styled(c.help.clone(), theme.muted),
            ]);
            let line = format::fit_line(line, inner);
            if chosen {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(
            " Nothing matches: Enter says so, Esc closes",
            theme.muted,
        ));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(Span::styled(" Commands ", theme.title)),
        ),
        area,
    );
}
