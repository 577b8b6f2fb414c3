//! Where things go on screen, as pure functions of the terminal size. The views draw into these
//! areas and record what they drew (`super::super::drawn`) for `update`, which never lays out.

use ratatui::layout::{Constraint, Layout, Rect};

use super::super::state::Screen;

pub struct ScreenAreas {
    pub header: Rect,
    pub body: Rect,
    pub bar: Rect,
}

/// Header line, body, context bar. Below 3 rows only the body is left.
pub fn screen(size: (u16, u16)) -> ScreenAreas {
    let area = Rect::new(0, 0, size.0, size.1);
    if size.1 < 3 {
        return ScreenAreas {
            header: Rect::new(0, 0, size.0, 0),
            body: area,
            bar: Rect::new(0, size.1, size.0, 0),
        };
    }
    let [header, body, bar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    ScreenAreas { header, body, bar }
}

/// The header's screen tabs, as columns `start..end`: ` recoup-tasks ` then `[1 Tasks]` and
/// `[2 Runs]` and `[3 Agenda]`, as `views::draw_header` writes them.
pub const TABS: [(u16, u16, Screen); 3] = [
    (14, 23, Screen::Tasks),
    (24, 32, Screen::Runs),
    (33, 43, Screen::Agenda),
];

pub struct TasksAreas {
    pub list: Rect,
    pub detail: Rect,
}

/// Side by side from 100 columns; stacked below that; list only when there is no room.
pub fn tasks(body: Rect) -> TasksAreas {
    if body.width >= 100 {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(body);
        TasksAreas { list, detail }
    } else if body.height >= 14 {
        let [list, detail] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
        TasksAreas { list, detail }
    } else {
        TasksAreas {
            list: body,
            detail: Rect::new(body.x, body.bottom(), body.width, 0),
        }
    }
}

/// Whether the Tasks screen shows the detail (and the recent runs in it) at terminal `size`.
/// `update` asks this too: focus never goes to a pane that is not on screen.
pub fn tasks_detail_shown(size: (u16, u16)) -> bool {
    tasks(screen(size).body).detail.height > 0
}

/// The rows of a bordered list with a column-header line.
pub fn list_rows(list: Rect) -> Rect {
    Rect::new(
        list.x.saturating_add(1),
        list.y.saturating_add(2),
        list.width.saturating_sub(2),
        list.height.saturating_sub(3),
    )
}

/// The first row shown so that `selected` is visible, derived from the selection alone so the
/// views stay stateless.
pub fn list_offset(selected: usize, height: usize) -> usize {
    if height == 0 {
        return selected;
    }
    selected.saturating_sub(height - 1)
}

/// A centred box of at most `width`×`height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
