//! The task form and, beside the schedule, its live preview.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui_textarea::WrapMode;

use super::super::app::App;
use super::super::drawn::DrawnField;
use super::super::form::{Field, Form, Mode, Suggestion};
use super::super::form_presets::{self, PRESETS};
use super::super::preview::{Fault, Preview};
use super::super::state::Load;
use super::super::theme::Theme;
use super::tasks::{error_below, pane_block};
use crate::present::{self, sanitize};

/// The label column: the longest label (`Account id (optional)`, 21) after the focus mark and
/// `✗ `, and a space before the input.
const LABEL: u16 = 25;

/// The form; returns where each field was drawn, for clicks.
pub fn draw(
    frame: &mut Frame<'_>,
    app: &App,
    form: &Form,
    theme: &Theme,
    area: Rect,
) -> Vec<DrawnField> {
    let verb = match form.mode {
        Mode::New => "New task",
        Mode::Edit(_) => "Edit task",
        Mode::Duplicate => "Duplicate task",
    };
    let load = if form.submitting.is_some() {
        Load::Loading
    } else {
        Load::Loaded
    };
    let block = pane_block(format!(" {verb}"), &load, true, theme, area.width);
    let not_saved = form
        .submit_error
        .as_ref()
        .map(|e| format!("Not saved: {e}"));
    frame.render_widget(
        error_below(block, not_saved.as_deref(), theme, area.width),
        area,
    );
    let (fields_area, preview_area) = split(form, area);
    let field_rows = draw_fields(frame, form, theme, fields_area);
    if preview_area.height > 0 {
        draw_preview(frame, form, theme, preview_area);
    }
    // The suggestions may cover the preview below the fields, never the form's border.
    let room = Rect {
        height: area
            .bottom()
            .saturating_sub(1)
            .saturating_sub(fields_area.y),
        ..fields_area
    };
    if form.presets.is_some() {
        draw_presets(frame, app, form, theme, &field_rows, room);
    } else {
        draw_suggestions(frame, app, form, theme, field_rows, room);
    }
    places(form, fields_area)
        .into_iter()
        .map(|p| DrawnField {
            field: p.field,
            label: p.label,
            input: p.input,
        })
        .collect()
}

/// The fields' area and the preview's inside the form's box (`body` is the screen's body).
/// Side by side the fields take the whole height; stacked, the preview keeps
/// [`PREVIEW_ROWS`] and the prompt editor takes the rows left over.
pub fn split(form: &Form, body: Rect) -> (Rect, Rect) {
    let inner = Block::default().borders(Borders::ALL).inner(body);
    if inner.width >= 150 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
            .areas(inner);
        (a, b)
    } else {
        let spare = inner.height.saturating_sub(fixed_rows(form) + PREVIEW_ROWS);
        let prompt = spare.max(prompt_content_rows(form, inner.width).clamp(3, 6));
        let wanted = fixed_rows(form) + prompt;
        let [a, b] =
            Layout::vertical([Constraint::Length(wanted), Constraint::Min(0)]).areas(inner);
        (a, b)
    }
}

/// What the preview below the fields keeps when they are stacked, as much as it says at most:
/// its border, a plan refusal (two lines), the valid line and the plan's verdict, five fires,
/// two DST days and the cadence. Fixed, so the editor does not jump as the preview changes.
const PREVIEW_ROWS: u16 = 13;

/// Where one field is drawn.
pub struct Place {
    pub field: Field,
    pub label: Rect,
    pub input: Rect,
    pub error: Option<Rect>,
}

/// Where each field goes in `area`: the prompt editor takes the rows the others leave (three at
/// least). When they do not all fit, the fields scroll, a whole field at a time, as far as
/// shows the focused one; fields above or below the area are left out.
pub fn places(form: &Form, area: Rect) -> Vec<Place> {
    let prompt_rows = area.height.saturating_sub(fixed_rows(form)).max(3);
    // Each field's rows as if the area were tall enough: (top, input top, input rows, bottom).
    let mut y = 0u16;
    let mut laid = Vec::new();
    for field in Field::ALL {
        let top = y;
        let (input_top, rows) = match field {
            Field::Prompt => (y + 1, prompt_rows),
            _ => (y, 1),
        };
        y = input_top + rows;
        if form.errors[field as usize].is_some() {
            y += 1;
        }
        laid.push((field, top, input_top, rows, y));
    }
    let (focus_top, focus_bottom) = laid
        .iter()
        .find(|l| l.0 == form.focus)
        .map_or((0, 0), |l| (l.1, l.4));
    let need = focus_bottom.saturating_sub(area.height);
    let offset = laid
        .iter()
        .map(|l| l.1)
        .find(|top| *top >= need)
        .unwrap_or(0)
        .min(focus_top);
    let label_width = LABEL.min(area.width);
    let mut out = Vec::new();
    for (field, top, input_top, rows, bottom) in laid {
        if top < offset || top - offset >= area.height {
            continue;
        }
        let row = |at: u16| area.y + at - offset;
        let visible = |at: u16, rows: u16| rows.min(area.height.saturating_sub(at - offset));
        let (label, input) = if field == Field::Prompt {
            (
                Rect::new(area.x, row(top), area.width, 1),
                Rect::new(
                    area.x + 2,
                    row(input_top),
                    area.width.saturating_sub(2),
                    visible(input_top, rows),
                ),
            )
        } else {
            (
                Rect::new(area.x, row(top), label_width, 1),
                Rect::new(
                    area.x + label_width,
                    row(top),
                    area.width.saturating_sub(LABEL),
                    1,
                ),
            )
        };
        let error = (form.errors[field as usize].is_some() && visible(bottom - 1, 1) == 1)
            .then(|| Rect::new(area.x, row(bottom - 1), area.width, 1));
        out.push(Place {
            field,
            label,
            input,
            error,
        });
    }
    out
}

/// The rows every field but the prompt editor takes: the six one-line fields, the prompt's label,
/// and a line under each field with an error.
fn fixed_rows(form: &Form) -> u16 {
    let errors = form.errors.iter().filter(|e| e.is_some()).count() as u16;
    7 + errors
}

/// The prompt's rows wrapped in a fields area `width` wide (its editor is indented by two
/// and has a border on its left).
fn prompt_content_rows(form: &Form, width: u16) -> u16 {
    let width = usize::from(width.saturating_sub(3)).max(1);
    let rows: usize = form
        .input(Field::Prompt)
        .lines()
        .iter()
        .map(|line| super::format::wrap_words(line, width).len().max(1))
        .sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// Draws the fields; returns the area of each field's input.
fn draw_fields(
    frame: &mut Frame<'_>,
    form: &Form,
    theme: &Theme,
    area: Rect,
) -> Vec<(Field, Rect)> {
    let mut placed = Vec::new();
    for place in places(form, area) {
        let field = place.field;
        let focused = form.focus == field;
        let error = form.errors[field as usize].as_deref();
        // Marked as typed; an empty schedule is not wrong yet, only unfinished.
        let live_error = match (&form.preview.outcome, field) {
            (Err(e), Field::Schedule) if matches!(e.fault, Fault::Schedule(_)) => {
                !form.input(Field::Schedule).is_empty()
            }
            (Err(e), Field::Timezone) => e.fault == Fault::Timezone,
            // The account's plan refuses the schedule: the save would be refused.
            (Ok(fires), Field::Schedule) => fires.plan_refusal.is_some(),
            _ => false,
        };
        let mark = if focused { "›" } else { " " };
        let bad = if error.is_some() || live_error {
            "✗ "
        } else {
            ""
        };
        let label_style = if error.is_some() {
            theme.error
        } else if focused {
            theme.focus
        } else {
            theme.muted
        };
        // A space always parts the label from its input (the prompt's label has its own line).
        let label_room = if field == Field::Prompt {
            place.label.width
        } else {
            place.label.width.saturating_sub(1)
        };
        frame.render_widget(
            Paragraph::new(Line::styled(
                present::fit(
                    &format!("{mark}{bad}{}", field.label()),
                    usize::from(label_room),
                ),
                label_style,
            )),
            place.label,
        );
        let mut input = form.input(field).clone();
        input.set_cursor_line_style(Style::new());
        input.set_style(theme.text);
        if focused {
            input.set_cursor_style(Style::new().add_modifier(Modifier::REVERSED));
            input.set_selection_style(theme.selected);
            // Only where the cursor is: it sits in the placeholder's first cell.
            // Cut with `…` to what the input shows: the cursor's cell comes first, and the
            // prompt's border takes a column.
            let room = usize::from(place.input.width)
                .saturating_sub(1 + usize::from(field == Field::Prompt));
            input.set_placeholder_text(present::fit(placeholder(field), room));
            input.set_placeholder_style(theme.muted);
        } else {
            input.set_cursor_style(input.style());
        }
        if field == Field::Prompt {
            // Soft wrap: a long line is read whole, the cursor kept in view.
            input.set_wrap_mode(WrapMode::WordOrGlyph);
            input.set_block(
                Block::default()
                    .borders(Borders::LEFT)
                    .border_style(if focused { theme.focus } else { theme.border }),
            );
        }
        if place.input.height > 0 && place.input.width > 0 {
            if focused || field == Field::Prompt {
                frame.render_widget(&input, place.input);
            } else {
                // Away from the cursor a one-line field shows its start, cut with `…` (the
                // editor would show the end it last scrolled to: a UUID without its start).
                let value = sanitize::line(&form.value(field)).into_owned();
                frame.render_widget(
                    Paragraph::new(Line::styled(
                        present::fit(&value, usize::from(place.input.width)),
                        theme.text,
                    )),
                    place.input,
                );
            }
        }
        if let (Some(e), Some(at)) = (error, place.error) {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    present::fit(&format!("    {}", sanitize::line(e)), usize::from(at.width)),
                    theme.error,
                )),
                at,
            );
        }
        placed.push((field, place.input));
    }
    placed
}

/// The last submit's plan refusal, above the preview: the plan and its count or cadence, and
/// the upgrade link with the key that copies it (the sentence is in the form's bottom line).
fn refusal_lines<'a>(form: &Form, theme: &Theme) -> Vec<Line<'a>> {
    let Some(refusal) = &form.refusal else {
        return Vec::new();
    };
    vec![
        Line::styled(
            format!("✗ Not saved: {}", sanitize::line(&refusal.facts)),
            theme.error,
        ),
        Line::from(vec![
            Span::raw(format!(
                "  upgrade: {}",
                sanitize::line(&refusal.billing_url)
            )),
            Span::styled("  Ctrl+O copy", theme.muted),
        ]),
    ]
}

fn draw_preview(frame: &mut Frame<'_>, form: &Form, theme: &Theme, area: Rect) {
    let preview: &Preview = &form.preview;
    let expression = &form.value(Field::Schedule);
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(" Schedule preview ", theme.title));
    let mut lines = refusal_lines(form, theme);
    // A phrase read as a cron expression: what it became, and the key that takes it.
    if let Some(translation) = &preview.translation {
        let description = preview
            .outcome
            .as_ref()
            .ok()
            .map(|f| f.description.as_str());
        let line = present::english::translation_line(
            &sanitize::line(&translation.phrase),
            &translation.expression,
            description,
        );
        let mark = if description.is_some() {
            Span::styled("✓ ", theme.ok)
        } else {
            Span::styled("✗ ", theme.error)
        };
        lines.push(Line::from(vec![mark, Span::raw(line)]));
        lines.push(Line::styled(
            format!("  Tab or Enter: use {}", translation.expression),
            theme.muted,
        ));
        if let Some(note) = &translation.note {
            lines.push(Line::styled(format!("  hint: {note}"), theme.warn));
        }
    }
    match &preview.outcome {
        Ok(fires) => {
            if preview.translation.is_none() {
                lines.push(Line::from(vec![
                    Span::styled("✓ valid  ", theme.ok),
                    Span::raw(fires.description.clone()),
                ]));
            }
            if let Some(refusal) = &fires.plan_refusal {
                lines.push(Line::styled(format!("✗ {refusal}"), theme.error));
            }
            for fire in &fires.lines {
                for part in super::format::fire_lines(fire, "  ", usize::from(area.width)) {
                    lines.push(Line::raw(part));
                }
            }
            if let Some(warning) = &fires.dst_warning {
                lines.push(Line::styled(format!("⚠ {warning}"), theme.warn));
            }
            for day in &fires.dst_days {
                lines.push(Line::styled(format!("⚠ {day}"), theme.warn));
            }
            // Last: on a short screen the fires and the DST warning matter more.
            let style = if fires.plan_refusal.is_some() {
                theme.error
            } else {
                theme.muted
            };
            lines.push(Line::styled(format!("  {}", fires.cadence), style));
        }
        Err(e) => {
            lines.push(Line::from(vec![
                Span::styled("✗ invalid  ", theme.error),
                Span::raw(sanitize::line(&e.message).into_owned()),
            ]));
            let caret = e.hint.as_ref().and_then(|hint| hint.caret);
            match e.fault {
                // The hint points where the field caret cannot (a stray space).
                Fault::Schedule(_) if caret.is_some() => {
                    let (start, width) = caret.unwrap_or_default();
                    lines.push(Line::raw(format!("  {}", sanitize::line(expression))));
                    lines.push(Line::styled(
                        format!("  {}{}", " ".repeat(start), "^".repeat(width)),
                        theme.error,
                    ));
                }
                Fault::Schedule(Some((field, start, width))) => {
                    lines.push(Line::raw(format!("  {}", sanitize::line(expression))));
                    lines.push(Line::styled(
                        format!(
                            "  {}{} {}",
                            " ".repeat(start),
                            "^".repeat(width),
                            field.name()
                        ),
                        theme.error,
                    ));
                }
                Fault::Schedule(None) => {
                    lines.push(Line::styled("  in the Schedule field", theme.muted))
                }
                Fault::Timezone => lines.push(Line::styled("  in the Timezone field", theme.muted)),
            }
            if let Some(hint) = &e.hint {
                lines.push(Line::styled(format!("  hint: {}", hint.text), theme.warn));
            }
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// The zone completions or the artist picker, below the focused field.
fn draw_suggestions(
    frame: &mut Frame<'_>,
    app: &App,
    form: &Form,
    theme: &Theme,
    placed: Vec<(Field, Rect)>,
    area: Rect,
) {
    let suggestions = form.suggestions(&app.artists, &app.recent_ids);
    let note = app.artist_picker_note();
    if suggestions.is_empty() && note.is_none() {
        return;
    }
    let Some((_, at)) = placed.into_iter().find(|(f, _)| *f == form.focus) else {
        return;
    };
    let rows = note.map_or(suggestions.len() + headings(&suggestions), |lines| {
        lines.len()
    });
    // Below the field, inside the form; above it when there is more room there (a field near
    // the bottom of a short terminal). Never over the key bar.
    let wanted = rows as u16 + 2;
    let below = area.bottom().saturating_sub(at.bottom());
    let above = at.y.saturating_sub(area.y);
    let (top, height) = if below >= wanted || below >= above {
        (at.bottom(), wanted.min(below))
    } else {
        let height = wanted.min(above);
        (at.y - height, height)
    };
    if height < 3 {
        return;
    }
    // As wide as the field (30 to 60 columns), moved left to stay inside the form.
    let width = at.width.clamp(30, 60).min(area.width);
    let x = at.x.min(area.right().saturating_sub(width));
    let popup = Rect::new(x, top, width, height);
    let (lines, title): (Vec<Line<'_>>, &str) = match note {
        Some(note) => (
            note.iter().map(|l| Line::styled(*l, theme.muted)).collect(),
            " no artists ",
        ),
        // A duplicate's artists: Space adds or takes out one more.
        None if form.takes_several_artists() && form.focus == Field::Artist => (
            suggestion_lines(&suggestions, form.pick, theme),
            " ↑↓ choose · Space add/remove · Enter take ",
        ),
        None => (
            suggestion_lines(&suggestions, form.pick, theme),
            " ↑↓ choose · Enter take ",
        ),
    };
    let inner = usize::from(width.saturating_sub(2));
    // A list taller than its box scrolls so the highlighted suggestion stays in view.
    let visible = usize::from(height.saturating_sub(2));
    let picked_row = form.pick + headings(&suggestions[..(form.pick + 1).min(suggestions.len())]);
    let skip = if note.is_none() {
        (picked_row + 1).saturating_sub(visible)
    } else {
        0
    };
    let lines: Vec<Line<'_>> = lines
        .into_iter()
        .skip(skip)
        .map(|line| super::format::fit_line(line, inner))
        .collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(title, theme.muted)),
        ),
        popup,
    );
}

/// The schedule presets (`Ctrl+P`) below the Schedule field (above it when there is more room
/// there): each with its cron and cadence and, when the plan is known, whether it takes it.
fn draw_presets(
    frame: &mut Frame<'_>,
    app: &App,
    form: &Form,
    theme: &Theme,
    placed: &[(Field, Rect)],
    area: Rect,
) {
    let at = placed
        .iter()
        .find(|(f, _)| *f == Field::Schedule)
        .map_or(Rect::new(area.x, area.y, area.width, 1), |(_, r)| *r);
    let plan = app.plan();
    let lines: Vec<Line<'_>> = PRESETS
        .iter()
        .enumerate()
        .map(|(i, preset)| {
            let picked = form.presets == Some(i);
            let mut spans = vec![Span::styled(
                format!(
                    "{}{:<27} {:<11}  {:<7}",
                    if picked { "› " } else { "  " },
                    preset.name,
                    preset.expression,
                    preset.cadence
                ),
                if picked { theme.selected } else { theme.text },
            )];
            if let Some(fit) = form_presets::fit(preset, plan) {
                let style = if fit.starts_with('✓') {
                    theme.ok
                } else {
                    theme.error
                };
                spans.push(Span::styled(format!("  {fit}"), style));
            }
            Line::from(spans)
        })
        .collect();
    let wanted = lines.len() as u16 + 2;
    let below = area.bottom().saturating_sub(at.bottom());
    let above = at.y.saturating_sub(area.y);
    let (top, height) = if below >= wanted || below >= above {
        (at.bottom(), wanted.min(below))
    } else {
        let height = wanted.min(above);
        (at.y - height, height)
    };
    if height < 3 {
        return;
    }
    // As wide as the longest line, the plan's verdicts included.
    let longest = lines.iter().map(Line::width).max().unwrap_or(0);
    let width = u16::try_from(longest + 2).unwrap_or(u16::MAX);
    // A sliver of the preview beside the box reads as stray characters: fill the form instead.
    let width = if width + 6 > area.width {
        area.width
    } else {
        width
    };
    let x = area.x + (area.width - width) / 2;
    let popup = Rect::new(x, top, width, height);
    let inner = usize::from(width.saturating_sub(2));
    let visible = usize::from(height.saturating_sub(2));
    let picked = form.presets.unwrap_or(0);
    let skip = (picked + 1).saturating_sub(visible);
    let lines: Vec<Line<'_>> = lines
        .into_iter()
        .skip(skip)
        .map(|line| super::format::fit_line(line, inner))
        .collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(
                    " Presets · ↑↓ choose · Enter take · Esc close ",
                    theme.muted,
                )),
        ),
        popup,
    );
}

/// How many group headings the suggestions get: one wherever the group changes.
fn headings(suggestions: &[Suggestion]) -> usize {
    let mut previous = None;
    suggestions
        .iter()
        .filter(|s| {
            let starts = s.group.is_some() && s.group.as_ref() != previous;
            previous = s.group.as_ref();
            starts
        })
        .count()
}

/// The suggestions, the highlighted one marked, each group under its heading.
fn suggestion_lines<'a>(suggestions: &[Suggestion], pick: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut previous = None;
    for (i, s) in suggestions.iter().enumerate() {
        if let Some(group) = &s.group
            && Some(group) != previous
        {
            lines.push(Line::styled(
                sanitize::line(group).into_owned(),
                theme.muted.add_modifier(Modifier::BOLD),
            ));
        }
        previous = s.group.as_ref();
        let text = format!(
            "{}{}",
            if i == pick { "› " } else { "  " },
            sanitize::line(&s.label)
        );
        lines.push(Line::styled(
            text,
            if i == pick {
                theme.selected
            } else {
                theme.text
            },
        ));
    }
    lines
}

/// What an empty field says it wants (within the 55 columns a field has at 80). The title's
/// says what every one-line field does with a pasted line break or escape code.
fn placeholder(field: Field) -> &'static str {
    match field {
        Field::Title => "e.g. Weekly digest; newlines and control chars dropped",
        Field::Prompt => "what the agent should do (Enter: new line, Ctrl+X Ctrl+E: $EDITOR)",
        Field::Schedule => "e.g. 0 9 * * 4: minute hour day-of-month month weekday",
        Field::Timezone => "an IANA zone, e.g. America/New_York",
        Field::Artist => "the artist's account id (a UUID): paste it, or pick one",
        Field::Account => "empty: the account of the key",
        Field::Model => "empty: the default model; or a gateway id, e.g. openai/gpt-5",
    }
}
