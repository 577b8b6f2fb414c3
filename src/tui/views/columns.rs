//! Which table columns a list shows at a width, and in which form. Each column has a full
//! form and maybe a shorter one (a time without its weekday, a status as its mark under a
//! short heading); when the columns do not fit, the list's steps are taken in order — each
//! shortens a column that has a shorter form, else removes it — until they do. So what goes
//! first when narrow is a list read top to bottom, and no column is ever drawn narrower than
//! its value (ratatui would cut it without an ellipsis).

/// One column of a list's table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    /// Its width in terminal columns; for the fill column, the least it takes.
    pub width: u16,
    /// Its shorter form: a heading and a width.
    pub short: Option<(&'static str, u16)>,
    /// Takes what the others leave (one column per table).
    pub fill: bool,
}

impl Column {
    pub const fn new(name: &'static str, width: u16) -> Self {
        Column {
            name,
            width,
            short: None,
            fill: false,
        }
    }

    pub const fn fill(name: &'static str, least: u16) -> Self {
        Column {
            name,
            width: least,
            short: None,
            fill: true,
        }
    }

    pub const fn or_short(self, name: &'static str, width: u16) -> Self {
        Column {
            short: Some((name, width)),
            ..self
        }
    }
}

/// How a column is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Full,
    Short,
    Gone,
}

/// The columns laid out in `width`, one space apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fitted {
    pub shown: Vec<Shown>,
    /// Each column's width as drawn (0 for a gone one; the fill column's is what is left).
    pub widths: Vec<u16>,
}

impl Fitted {
    pub fn has(&self, column: usize) -> bool {
        self.shown[column] != Shown::Gone
    }

    pub fn is_short(&self, column: usize) -> bool {
        self.shown[column] == Shown::Short
    }

    /// The headings and widths of the columns shown, in order.
    pub fn shown_columns(&self, columns: &[Column]) -> (Vec<&'static str>, Vec<u16>) {
        columns
            .iter()
            .zip(&self.shown)
            .zip(&self.widths)
            .filter(|((_, shown), _)| **shown != Shown::Gone)
            .map(|((column, shown), width)| match (shown, column.short) {
                (Shown::Short, Some((name, _))) => (name, *width),
                _ => (column.name, *width),
            })
            .unzip()
    }
}

fn drawn_width(column: &Column, shown: Shown) -> u16 {
    match (shown, column.short) {
        (Shown::Gone, _) => 0,
        (Shown::Short, Some((_, width))) => width,
        _ => column.width,
    }
}

fn total(columns: &[Column], shown: &[Shown]) -> usize {
    let count = shown.iter().filter(|s| **s != Shown::Gone).count();
    let widths: usize = columns
        .iter()
        .zip(shown)
        .map(|(column, shown)| usize::from(drawn_width(column, *shown)))
        .sum();
    widths + count.saturating_sub(1)
}

/// Lay `columns` out in `width`, taking `steps` (column indexes) in order while they do not fit.
pub fn fit(columns: &[Column], steps: &[usize], width: u16) -> Fitted {
    let mut shown = vec![Shown::Full; columns.len()];
    let mut steps = steps.iter();
    while total(columns, &shown) > usize::from(width) {
        let Some(&step) = steps.next() else { break };
        shown[step] = match (shown[step], columns[step].short) {
            (Shown::Full, Some(_)) => Shown::Short,
            _ => Shown::Gone,
        };
    }
    // The fill column takes what the others leave: more than its least when there is room,
    // less when the steps ran out (so its text is cut with `…` rather than by the table).
    let others = total(columns, &shown)
        - columns
            .iter()
            .zip(&shown)
            .filter(|(column, shown)| column.fill && **shown != Shown::Gone)
            .map(|(column, _)| usize::from(column.width))
            .sum::<usize>();
    let left = usize::from(width).saturating_sub(others) as u16;
    let widths = columns
        .iter()
        .zip(&shown)
        .map(|(column, shown)| match shown {
            Shown::Gone => 0,
            _ if column.fill => left,
            _ => drawn_width(column, *shown),
        })
        .collect();
    Fitted { shown, widths }
}

/// `Thu 12-03 09:00` as `12-03 09:00`: the short form of a table instant (other text as it is).
pub fn without_weekday(text: &str) -> &str {
    match text.split_once(' ') {
        Some((day, rest)) if day.len() == 3 && day.chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [Column; 4] = [
        Column::new("", 1),
        Column::fill("Task", 8),
        Column::new("Started", 15).or_short("Started", 11),
        Column::new("Cost", 7),
    ];

    #[test]
    fn columns_shorten_then_go_in_the_order_of_the_steps() {
        let steps = [3, 2, 2];
        let all = fit(&COLUMNS, &steps, 40);
        assert_eq!(all.shown, [Shown::Full; 4]);
        assert_eq!(all.widths, [1, 14, 15, 7]);
        let no_cost = fit(&COLUMNS, &steps, 30);
        assert_eq!(
            no_cost.shown,
            [Shown::Full, Shown::Full, Shown::Full, Shown::Gone]
        );
        assert_eq!(no_cost.widths, [1, 12, 15, 0]);
        // 1 + 8 + 11 and two spaces between them.
        let short = fit(&COLUMNS, &steps, 22);
        assert_eq!(short.shown[2], Shown::Short);
        assert_eq!(short.widths, [1, 8, 11, 0]);
        let gone = fit(&COLUMNS, &steps, 21);
        assert_eq!(gone.shown[2], Shown::Gone);
        assert_eq!(gone.widths, [1, 19, 0, 0]);
        // No step left: the fill column gets less than its least, never more than there is.
        let squeezed = fit(&COLUMNS, &steps, 6);
        assert_eq!(squeezed.widths, [1, 4, 0, 0]);
    }

    #[test]
    fn the_short_form_of_a_table_instant_drops_the_weekday() {
        assert_eq!(without_weekday("Thu 12-03 09:00"), "12-03 09:00");
        assert_eq!(without_weekday("disabled"), "disabled");
        assert_eq!(without_weekday("—"), "—");
    }
}
