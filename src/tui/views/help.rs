//! The help screen and the context bar, both written from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::super::app::App;
use super::super::keys;
use super::super::theme::Theme;
use super::{format, layout};
use crate::present;

/// Every binding offered here (`local`: the embedded server), grouped by where it applies.
pub fn help_lines<'a>(theme: &Theme, local: bool) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    // The keys' column is as wide as the widest keys, and two spaces part it from the words.
    let keys_width = keys::BINDINGS
        .iter()
        .map(|b| keys::keys_label(b).width())
        .max()
        .unwrap_or(0)
        + 2;
    for ctx in keys::HELP_ORDER {
        lines.push(Line::styled(ctx.title().to_string(), theme.title));
        for b in keys::BINDINGS
            .iter()
            .filter(|b| b.context == ctx && b.offered(local))
        {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {}", present::pad(&keys::keys_label(b), keys_width)),
                    theme.accent,
                ),
                Span::raw(b.help),
            ]));
        }
        if ctx == keys::Context::Palette {
            for command in keys::PALETTE_COMMANDS {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!(
                            "  {}",
                            present::pad(&keys::palette_command_label(command), keys_width)
                        ),
                        theme.accent,
                    ),
                    Span::raw(command.help),
                ]));
            }
        }
    }
    lines.push(Line::styled(keys::MOUSE_HELP, theme.muted));
    lines
}

/// The help over `body`; returns how many first lines it can start at (its lines less its
/// height, plus one), so the last one shows the end with the pane full.
pub fn draw(frame: &mut Frame<'_>, app: &App, scroll: u16, theme: &Theme, body: Rect) -> usize {
    let area = layout::centered(body, 70, body.height);
    let inner = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line<'_>> = help_lines(theme, app.backend.is_local())
        .into_iter()
        .map(|line| format::fit_line(line, inner))
        .collect();
    let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    let scroll = scroll.min(max);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(Span::styled(" Keys ", theme.title));
    if scroll < max {
        block = block.title_bottom(Line::styled(" more ↓ j ", theme.muted));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
    usize::from(max) + 1
}

/// The bottom line: the keys that matter here, from the table. Items that do not fit are left
/// out whole, from the end, never cut mid-word; `? help`, which lists them all, always stays,
/// last.
pub fn draw_bar(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    if area.height == 0 {
        return;
    }
    let spans = bar_spans(app, theme, usize::from(area.width));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The bar's keys and words for `width` columns.
fn bar_spans<'a>(app: &App, theme: &Theme, width: usize) -> Vec<Span<'a>> {
    let mut help = None;
    let mut items = Vec::new();
    let local = app.backend.is_local();
    for b in keys::bindings_for(app.context()).filter(|b| b.in_bar && b.offered(local)) {
        let item = (keys::keys_label(b), format!(" {}", b.bar_text()));
        if b.command == keys::Command::Help {
            help = Some(item);
        } else {
            items.push(item);
        }
    }
    let item_width = |(key, text): &(String, String)| key.width() + text.width();
    let gap = 2;
    let mut used = help.as_ref().map_or(0, item_width);
    let mut kept = Vec::new();
    for item in items {
        if used + item_width(&item) + gap > width {
            break;
        }
        used += item_width(&item) + gap;
        kept.push(item);
    }
    kept.extend(help);
    let mut spans = Vec::new();
    for (i, (key, text)) in kept.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, theme.accent));
        spans.push(Span::styled(text, theme.muted));
    }
    spans
}
