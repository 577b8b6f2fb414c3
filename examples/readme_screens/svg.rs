//! A vt100 screen as an SVG picture that looks like the terminal, and as plain text.
//!
//! Every glyph is placed on its own cell of a fixed grid, so the picture keeps its columns
//! whatever monospace font the viewer has; lines and blocks (`─ │ ┌ ▌ █ …`) are drawn as
//! shapes, so borders join without gaps between rows.

use std::fmt::Write;

/// One cell: 9 × 18 pixels, for a 15 px font (whose glyphs are 0.6 em wide). Whole pixels, so
/// 1 px lines through a cell's middle (drawn on pixel centres) stay sharp.
const CELL_W: u32 = 9;
const CELL_H: u32 = 18;
const FONT_SIZE: u32 = 15;
/// From the top of a cell to the baseline of its text.
const BASELINE: u32 = 13;
/// The margin around the grid, inside the window.
const PAD: u32 = 14;
const FONT: &str =
    "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

/// The terminal's own colours, used where the app leaves the default.
const DEFAULT_FG: Rgb = Rgb(0xd8, 0xde, 0xe9);
const DEFAULT_BG: Rgb = Rgb(0x1b, 0x1f, 0x27);

/// The 16 standard colours (xterm's).
const PALETTE: [Rgb; 16] = [
    Rgb(0x00, 0x00, 0x00),
    Rgb(0xcd, 0x00, 0x00),
    Rgb(0x00, 0xcd, 0x00),
    Rgb(0xcd, 0xcd, 0x00),
    Rgb(0x00, 0x00, 0xee),
    Rgb(0xcd, 0x00, 0xcd),
    Rgb(0x00, 0xcd, 0xcd),
    Rgb(0xe5, 0xe5, 0xe5),
    Rgb(0x7f, 0x7f, 0x7f),
    Rgb(0xff, 0x00, 0x00),
    Rgb(0x00, 0xff, 0x00),
    Rgb(0xff, 0xff, 0x00),
    Rgb(0x5c, 0x5c, 0xff),
    Rgb(0xff, 0x00, 0xff),
    Rgb(0x00, 0xff, 0xff),
    Rgb(0xff, 0xff, 0xff),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Halfway to `other`: how a dim colour is drawn.
    fn mix(self, other: Rgb) -> Rgb {
        let mid = |a: u8, b: u8| ((u16::from(a) + u16::from(b)) / 2) as u8;
        Rgb(
            mid(self.0, other.0),
            mid(self.1, other.1),
            mid(self.2, other.2),
        )
    }
}

/// A colour index of a 256-colour terminal: the 16 standard colours, the 6×6×6 cube, the grays.
fn indexed(i: u8) -> Rgb {
    match i {
        0..=15 => PALETTE[usize::from(i)],
        16..=231 => {
            let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * n };
            let n = i - 16;
            Rgb(level(n / 36), level(n / 6 % 6), level(n % 6))
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            Rgb(v, v, v)
        }
    }
}

fn resolve(color: vt100::Color, default: Rgb) -> Rgb {
    match color {
        vt100::Color::Default => default,
        vt100::Color::Idx(i) => indexed(i),
        vt100::Color::Rgb(r, g, b) => Rgb(r, g, b),
    }
}

/// What a cell looks like once colours are resolved and inverse is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Look {
    fg: Rgb,
    bg: Rgb,
    bold: bool,
    italic: bool,
    underline: bool,
}

fn look(cell: &vt100::Cell, cursor: bool) -> Look {
    let mut fg = resolve(cell.fgcolor(), DEFAULT_FG);
    let mut bg = resolve(cell.bgcolor(), DEFAULT_BG);
    if cell.dim() {
        fg = fg.mix(bg);
    }
    // The cursor is drawn as a block: the cell inverted.
    if cell.inverse() != cursor {
        std::mem::swap(&mut fg, &mut bg);
    }
    Look {
        fg,
        bg,
        bold: cell.bold(),
        italic: cell.italic(),
        underline: cell.underline(),
    }
}

/// Which arms of a light box-drawing character are drawn: up, down, left, right.
fn arms(c: char) -> Option<[bool; 4]> {
    Some(match c {
        '─' => [false, false, true, true],
        '│' => [true, true, false, false],
        '┌' | '╭' => [false, true, false, true],
        '┐' | '╮' => [false, true, true, false],
        '└' | '╰' => [true, false, false, true],
        '┘' | '╯' => [true, false, true, false],
        '├' => [true, true, false, true],
        '┤' => [true, true, true, false],
        '┬' => [false, true, true, true],
        '┴' => [true, false, true, true],
        '┼' => [true, true, true, true],
        '╴' => [false, false, true, false],
        '╶' => [false, false, false, true],
        '╵' => [true, false, false, false],
        '╷' => [false, true, false, false],
        _ => return None,
    })
}

/// A block element as the part of its cell it fills: x, y, width, height in eighths.
fn block(c: char) -> Option<(u32, u32, u32, u32)> {
    let code = c as u32;
    Some(match c {
        '▀' => (0, 0, 8, 4),
        '▐' => (4, 0, 4, 8),
        '▔' => (0, 0, 8, 1),
        '▕' => (7, 0, 1, 8),
        // ▁ … █: lower eighths.
        '\u{2581}'..='\u{2588}' => {
            let n = code - 0x2580;
            (0, 8 - n, 8, n)
        }
        // ▉ … ▏: left eighths, widest first.
        '\u{2589}'..='\u{258f}' => (0, 0, 0x2590 - code, 8),
        _ => return None,
    })
}

/// The single character of a cell, when it has exactly one.
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A run of glyphs of one look on one row: (column, text) for each cell.
struct Run {
    look: Look,
    cells: Vec<(u16, String)>,
}

impl Run {
    fn write(&self, out: &mut String) {
        let xs: Vec<String> = self
            .cells
            .iter()
            .map(|(col, _)| (u32::from(*col) * CELL_W).to_string())
            .collect();
        let text: String = self.cells.iter().map(|(_, t)| t.as_str()).collect();
        let _ = write!(out, "<tspan x=\"{}\"", xs.join(" "));
        if self.look.fg != DEFAULT_FG {
            let _ = write!(out, " fill=\"{}\"", self.look.fg.hex());
        }
        if self.look.bold {
            out.push_str(" font-weight=\"bold\"");
        }
        if self.look.italic {
            out.push_str(" font-style=\"italic\"");
        }
        if self.look.underline {
            out.push_str(" text-decoration=\"underline\"");
        }
        let _ = write!(out, ">{}</tspan>", escape(&text));
    }
}

/// Horizontal and vertical line pieces in one colour, in half-cell units, merged when they
/// touch: (row or column, from, to).
#[derive(Default)]
struct Lines {
    horizontal: Vec<(u32, u32, u32)>,
    vertical: Vec<(u32, u32, u32)>,
}

fn add(pieces: &mut Vec<(u32, u32, u32)>, line: u32, from: u32, to: u32) {
    if let Some(last) = pieces.last_mut()
        && last.0 == line
        && last.2 == from
    {
        last.2 = to;
        return;
    }
    pieces.push((line, from, to));
}

/// The screen as SVG: a dark window, one `<rect>` per run of background colour, lines and
/// blocks as shapes, and one `<text>` per row with a `<tspan>` per run of one look.
pub fn render(screen: &vt100::Screen, title: &str) -> String {
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    let width = u32::from(cols) * CELL_W + 2 * PAD;
    let height = u32::from(rows) * CELL_H + 2 * PAD;
    let cursor = (!screen.hide_cursor()).then(|| screen.cursor_position());

    let mut backgrounds = String::new();
    let mut blocks = String::new();
    let mut text = String::new();
    // Line pieces by colour, in the order the colours first appear.
    let mut lines: Vec<(Rgb, Lines)> = Vec::new();
    let mut vertical_pieces: Vec<(Rgb, u32, u32, u32)> = Vec::new();

    for row in 0..rows {
        let top = u32::from(row) * CELL_H;
        let mut bg_run: Option<(u16, u16, Rgb)> = None;
        let mut runs: Vec<Run> = Vec::new();
        let mut open: Option<Run> = None;
        // Blank cells of the open run's look, kept only if a glyph of that look follows.
        let mut blanks: Vec<(u16, String)> = Vec::new();
        for col in 0..cols {
            let Some(cell) = screen.cell(row, col) else {
                continue;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            let span = if cell.is_wide() { 2 } else { 1 };
            let look = look(cell, cursor == Some((row, col)));

            // Background.
            let bg = (look.bg != DEFAULT_BG).then_some(look.bg);
            match (&mut bg_run, bg) {
                (Some((_, end, colour)), Some(bg)) if *colour == bg && *end == col => {
                    *end = col + span;
                }
                (run, bg) => {
                    if let Some((start, end, colour)) = run.take() {
                        rect(&mut backgrounds, start, end, top, colour);
                    }
                    *run = bg.map(|bg| (col, col + span, bg));
                }
            }

            let contents = cell.contents();
            let ch = single_char(contents);
            let blank = contents.is_empty() || contents == " ";
            let shape = ch.and_then(|c| arms(c).map(|a| (c, a)));
            let filled = ch.and_then(block);
            if blank || shape.is_some() || filled.is_some() {
                if blank && open.as_ref().is_some_and(|run| run.look == look) {
                    blanks.push((col, " ".to_string()));
                } else if let Some(run) = open.take() {
                    runs.push(run);
                    blanks.clear();
                }
            }
            if let Some((_, [up, down, left, right])) = shape {
                let colour = look.fg;
                let index = match lines.iter().position(|(c, _)| *c == colour) {
                    Some(index) => index,
                    None => {
                        lines.push((colour, Lines::default()));
                        lines.len() - 1
                    }
                };
                let pieces = &mut lines[index].1;
                // In half cells: this cell spans 2*col .. 2*col+2, its centre is 2*col+1.
                let (x, y) = (2 * u32::from(col), 2 * u32::from(row));
                if left {
                    add(&mut pieces.horizontal, y + 1, x, x + 1);
                }
                if right {
                    add(&mut pieces.horizontal, y + 1, x + 1, x + 2);
                }
                if up {
                    vertical_pieces.push((colour, x + 1, y, y + 1));
                }
                if down {
                    vertical_pieces.push((colour, x + 1, y + 1, y + 2));
                }
                continue;
            }
            if let Some((bx, by, bw, bh)) = filled {
                let left = u32::from(col) * CELL_W;
                let _ = write!(
                    blocks,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                    eighths(left, bx, CELL_W),
                    eighths(top, by, CELL_H),
                    eighths(0, bw, CELL_W),
                    eighths(0, bh, CELL_H),
                    look.fg.hex()
                );
                continue;
            }
            if blank {
                continue;
            }
            // A glyph. Cells of more than one character (or outside the basic plane) get
            // their own run: x positions count characters, and viewers count them differently.
            let simple = ch.is_some_and(|c| (c as u32) < 0x10000);
            match open.as_mut() {
                Some(run) if run.look == look && simple => {
                    run.cells.append(&mut blanks);
                    run.cells.push((col, contents.to_string()));
                }
                _ => {
                    if let Some(run) = open.take() {
                        runs.push(run);
                    }
                    blanks.clear();
                    open = Some(Run {
                        look,
                        cells: vec![(col, contents.to_string())],
                    });
                    if !simple {
                        runs.extend(open.take());
                    }
                }
            }
        }
        if let Some((start, end, colour)) = bg_run {
            rect(&mut backgrounds, start, end, top, colour);
        }
        runs.extend(open);
        if !runs.is_empty() {
            let _ = write!(text, "<text y=\"{}\">", top + BASELINE);
            for run in &runs {
                run.write(&mut text);
            }
            text.push_str("</text>\n");
        }
    }

    // Vertical pieces, merged down each column.
    vertical_pieces.sort_by_key(|(colour, x, y, _)| (colour.hex(), *x, *y));
    for (colour, x, from, to) in vertical_pieces {
        let index = match lines.iter().position(|(c, _)| *c == colour) {
            Some(index) => index,
            None => {
                lines.push((colour, Lines::default()));
                lines.len() - 1
            }
        };
        add(&mut lines[index].1.vertical, x, from, to);
    }
    let mut paths = String::new();
    for (colour, pieces) in &lines {
        let mut d = String::new();
        for (y, from, to) in &pieces.horizontal {
            let (from, y, to) = (px(*from, CELL_W), px(*y, CELL_H), px(*to, CELL_W));
            let _ = write!(d, "M{from} {y}H{to}");
        }
        for (x, from, to) in &pieces.vertical {
            let (x, from, to) = (px(*x, CELL_W), px(*from, CELL_H), px(*to, CELL_H));
            let _ = write!(d, "M{x} {from}V{to}");
        }
        let _ = writeln!(
            paths,
            "<path d=\"{d}\" stroke=\"{}\" stroke-width=\"1\" stroke-linecap=\"square\" fill=\"none\"/>",
            colour.hex()
        );
    }

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" xml:space=\"preserve\">"
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(title));
    let _ = writeln!(
        svg,
        "<rect width=\"{width}\" height=\"{height}\" rx=\"8\" fill=\"{}\"/>",
        DEFAULT_BG.hex()
    );
    let _ = writeln!(svg, "<g transform=\"translate({PAD} {PAD})\">");
    svg.push_str(&backgrounds);
    if !backgrounds.is_empty() {
        svg.push('\n');
    }
    svg.push_str(&paths);
    svg.push_str(&blocks);
    if !blocks.is_empty() {
        svg.push('\n');
    }
    let _ = writeln!(
        svg,
        "<g font-family=\"{FONT}\" font-size=\"{FONT_SIZE}px\" fill=\"{}\" \
         style=\"white-space:pre\">",
        DEFAULT_FG.hex()
    );
    svg.push_str(&text);
    svg.push_str("</g>\n</g>\n</svg>\n");
    svg
}

/// A position in half cells as pixels: an even one is a cell's edge, an odd one its middle,
/// taken as the centre of its middle pixel so that 1 px lines through it stay sharp (and
/// vertical and horizontal lines meet exactly).
fn px(half: u32, cell: u32) -> f64 {
    let edge = f64::from(half / 2 * cell);
    if half.is_multiple_of(2) {
        edge
    } else {
        edge + f64::from(cell / 2) + 0.5
    }
}

/// `start` plus `n` eighths of `cell` pixels.
fn eighths(start: u32, n: u32, cell: u32) -> f64 {
    f64::from(start) + f64::from(n * cell) / 8.0
}

fn rect(out: &mut String, start: u16, end: u16, top: u32, colour: Rgb) {
    let _ = write!(
        out,
        "<rect x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{CELL_H}\" fill=\"{}\"/>",
        u32::from(start) * CELL_W,
        u32::from(end - start) * CELL_W,
        colour.hex()
    );
}

/// The screen as plain text: every row, trailing blanks trimmed.
pub fn text(screen: &vt100::Screen) -> String {
    let (rows, cols) = screen.size();
    let mut out = String::new();
    for row in 0..rows.get() {
        let mut line = String::new();
        for col in 0..cols.get() {
            let Some(cell) = screen.cell(row, col) else {
                continue;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            match cell.contents() {
                "" => line.push(' '),
                text => line.push_str(text),
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(bytes: &[u8]) -> vt100::Parser {
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(3), size(10), 0);
        parser.process(bytes);
        parser
    }

    #[test]
    fn indexed_colours_follow_xterm() {
        assert_eq!(indexed(1), Rgb(0xcd, 0, 0));
        assert_eq!(indexed(16), Rgb(0, 0, 0));
        assert_eq!(indexed(196), Rgb(0xff, 0, 0));
        assert_eq!(indexed(231), Rgb(0xff, 0xff, 0xff));
        assert_eq!(indexed(232), Rgb(8, 8, 8));
        assert_eq!(indexed(255), Rgb(0xee, 0xee, 0xee));
    }

    #[test]
    fn blocks_fill_their_part_of_the_cell() {
        assert_eq!(block('▌'), Some((0, 0, 4, 8)));
        assert_eq!(block('▏'), Some((0, 0, 1, 8)));
        assert_eq!(block('▁'), Some((0, 7, 8, 1)));
        assert_eq!(block('█'), Some((0, 0, 8, 8)));
        assert_eq!(block('x'), None);
    }

    #[test]
    fn text_is_escaped_placed_per_cell_and_coloured() {
        let parser = screen(b"\x1b[?25l<a&b>\x1b[1;38;2;1;2;3;48;5;4m ok \x1b[0m");
        let svg = render(parser.screen(), "t");
        assert!(svg.contains(r#"<tspan x="0 9 18 27 36">&lt;a&amp;b&gt;</tspan>"#));
        assert!(svg.contains(r##"<tspan x="54 63" fill="#010203" font-weight="bold">ok</tspan>"##));
        assert!(svg.contains(r##"<rect x="45" y="0" width="36" height="18" fill="#0000ee"/>"##));
    }

    #[test]
    fn box_drawing_becomes_joined_lines() {
        let parser = screen("\x1b[?25l┌──┐\r\n└──┘".as_bytes());
        let svg = render(parser.screen(), "t");
        assert!(
            svg.contains(r#"<path d="M4.5 9.5H31.5M4.5 27.5H31.5M4.5 9.5V27.5M31.5 9.5V27.5""#)
        );
        assert!(!svg.contains("<text"));
    }

    #[test]
    fn plain_text_keeps_every_row_and_trims_their_ends() {
        let parser = screen("a  b  \r\n\r\n┌─┐".as_bytes());
        assert_eq!(text(parser.screen()), "a  b\n\n┌─┐\n");
    }
}
