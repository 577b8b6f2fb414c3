//! The Agenda pane: every fire of every enabled task in the next 7 (or 30) days, in time order,
//! grouped by the viewer's day, with the fires that share a minute counted and the fires on a
//! day whose clock change touches the task marked.
//!
//! Nothing is computed for fires that are not looked at. Each task's next fire waits in a heap
//! (seeded from the Tasks list's own next fire, so opening costs no engine search per task);
//! the fires are taken off it in time order only as far as the list is scrolled, each task's
//! following fire asked of the engine as its fire is taken. The chart of fires per hour needs
//! the whole window: it is counted once per opening by the engine's `fires_per_hour`, from the
//! schedule's fields, once per distinct schedule and zone.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use trigger_cron::{DstDay, Schedule, timezones};

use ratatui::layout::Position;

use super::super::drawn::Drawn;
use super::super::effect::Effect;
use super::super::keys::Command;
use super::super::state::{Load, Screen, TasksFocus, TasksPane};
use super::{Ask, Shared, step};

/// The most fires the list holds: `G` with 10,000 frequent tasks over 30 days stops here (the
/// chart still counts them all).
pub const MAX_FIRES: usize = 100_000;

/// How far ahead the agenda looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    #[default]
    Week,
    Month,
}

impl Window {
    pub fn days(self) -> i64 {
        match self {
            Window::Week => 7,
            Window::Month => 30,
        }
    }

    fn other(self) -> Window {
        match self {
            Window::Week => Window::Month,
            Window::Month => Window::Week,
        }
    }
}

/// What the agenda shows of one enabled task.
#[derive(Debug, Clone)]
pub struct AgendaTask {
    pub id: String,
    pub title: String,
    /// The artist's name, else the first characters of the artist's account id.
    pub artist: String,
    pub zone: Tz,
    pub zone_name: String,
    schedule_text: String,
    /// Parsed when the task's second fire is first needed.
    schedule: Option<Schedule>,
    /// The clock changes in the window that touch this task's fire times (`None` until asked).
    pub dst_days: Option<Vec<DstDay>>,
}

/// One fire on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fire {
    pub at: DateTime<Utc>,
    /// Index into [`AgendaPane::tasks`].
    pub task: usize,
    /// How many fires (this one included) fall in this minute; 1 alone, more for a collision.
    pub together: u32,
    /// Index into the task's `dst_days` when this fire is on a day its zone's clock change
    /// touches the schedule.
    pub dst: Option<usize>,
}

/// A line of the list: a day's heading, or a fire (index into [`AgendaPane::fires`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Day(NaiveDate),
    Fire(usize),
}

/// What the agenda was last built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Built {
    changes: u64,
    window: Window,
}

#[derive(Debug, Clone, Default)]
pub struct AgendaPane {
    pub window: Window,
    /// The window: fires after `from`, up to `until`.
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// The viewer's zone the days and the chart are read in (`None`: UTC).
    pub local: Option<Tz>,
    pub tasks: Vec<AgendaTask>,
    pub fires: Vec<Fire>,
    pub rows: Vec<Row>,
    /// Position in `rows` (a fire's row whenever there is one).
    pub selected: usize,
    /// Fires per hour of the viewer's day over the whole window.
    pub per_hour: [u32; 24],
    /// Whether every fire of the window is on the list (or [`MAX_FIRES`] is reached).
    pub complete: bool,
    /// Each task's next fire not yet on the list, soonest first.
    pending: BinaryHeap<Reverse<(DateTime<Utc>, usize)>>,
    /// Where the current minute's fires start in `fires` (their count is written when the
    /// minute is over).
    minute_start: usize,
    /// Whether each zone's clock changes in the window (most never do: no DST lookups then).
    zone_changes: HashMap<Tz, bool>,
    built: Option<Built>,
}

impl AgendaPane {
    /// Build or rebuild when shown and out of date: the task list changed, the window was
    /// switched, or the first fire on the list has passed. The selected fire stays selected.
    pub fn sync(&mut self, tasks: &TasksPane, shared: &mut Shared) {
        let wanted = Built {
            changes: tasks.changes,
            window: self.window,
        };
        let passed = self.fires.first().is_some_and(|f| f.at <= shared.now);
        if self.built == Some(wanted) && !passed {
            // A taller terminal shows more rows: have them ready.
            self.extend_to(self.selected + usize::from(shared.size.1) + 2);
            return;
        }
        let keep = self
            .selected_fire()
            .map(|f| (self.tasks[f.task].id.clone(), f.at));
        self.build(
            tasks,
            shared.now,
            shared.local.unwrap_or(Tz::UTC),
            shared.page(),
        );
        self.built = Some(wanted);
        match keep {
            Some((id, at)) => self.select_fire(&id, at),
            None => self.selected = self.first_fire_row(),
        }
        // A page more than the screen holds, whatever its size now.
        self.extend_to(self.selected + usize::from(shared.size.1) + 2);
        shared.dirty = true;
    }

    /// Every enabled task's fires from `now`, as far as the first page needs, and the chart.
    pub fn build(&mut self, tasks: &TasksPane, now: DateTime<Utc>, local: Tz, page: usize) {
        let window = self.window;
        *self = AgendaPane {
            window,
            from: now,
            until: now + Duration::days(window.days()),
            local: Some(local),
            built: self.built,
            ..AgendaPane::default()
        };
        let mut pairs: HashMap<(&str, &str), u32> = HashMap::new();
        for row in &tasks.rows {
            let task = &row.task;
            if task.enabled == Some(false) || row.next_fire.is_none() {
                continue;
            }
            let zone_name = task.timezone.as_deref().unwrap_or(timezones::DEFAULT_ZONE);
            let Ok(zone) = timezones::resolve(zone_name) else {
                continue;
            };
            // The list's next fire is the one after its own clock: still the next one after
            // `now` unless it has passed.
            let next = match row.next_fire {
                Some(at) if at > now => Some(at),
                _ => task.next_fire(now),
            };
            let Some(next) = next else { continue };
            *pairs.entry((&task.schedule, zone_name)).or_default() += 1;
            let index = self.tasks.len();
            self.tasks.push(AgendaTask {
                id: task.id.clone(),
                title: task.title.clone(),
                artist: artist(task.artist_name.as_deref(), &task.artist_account_id),
                zone,
                zone_name: zone_name.to_string(),
                schedule_text: task.schedule.clone(),
                schedule: None,
                dst_days: None,
            });
            if next <= self.until {
                self.pending.push(Reverse((next, index)));
            }
        }
        for ((schedule, zone_name), count) in pairs {
            let (Ok(schedule), Ok(zone)) =
                (trigger_cron::parse(schedule), timezones::resolve(zone_name))
            else {
                continue;
            };
            let counts =
                trigger_cron::fires_per_hour(&schedule, zone, self.from, self.until, local);
            for (hour, n) in counts.unwrap_or_default().iter().enumerate() {
                self.per_hour[hour] += n * count;
            }
        }
        self.extend_to(page + 1);
    }

    /// How many fires the window holds (the chart's total).
    pub fn total(&self) -> u64 {
        self.per_hour.iter().map(|n| u64::from(*n)).sum()
    }

    /// The fire on the selected row.
    pub fn selected_fire(&self) -> Option<&Fire> {
        match self.rows.get(self.selected) {
            Some(Row::Fire(i)) => self.fires.get(*i),
            _ => None,
        }
    }

    /// Take fires off the heap until the list has `rows` rows (or the window ends), and the
    /// minute of the last one is over, so its collision count is known.
    pub fn extend_to(&mut self, rows: usize) {
        while !self.complete && self.rows.len() < rows {
            self.take_one();
        }
        // Finish the last minute: every fire in it, then its count.
        while !self.complete {
            let last = self.fires.last().map(|f| minute(f.at));
            let same =
                matches!(self.pending.peek(), Some(Reverse((at, _))) if Some(minute(*at)) == last);
            if !same {
                break;
            }
            self.take_one();
        }
        let next_minute_started = match self.pending.peek() {
            Some(Reverse((at, _))) => self
                .fires
                .last()
                .is_some_and(|f| minute(*at) != minute(f.at)),
            None => true,
        };
        if self.complete || next_minute_started {
            self.close_minute();
        }
    }

    fn take_one(&mut self) {
        if self.fires.len() >= MAX_FIRES {
            self.complete = true;
            return;
        }
        let Some(Reverse((at, task))) = self.pending.pop() else {
            self.complete = true;
            return;
        };
        if self
            .fires
            .last()
            .is_some_and(|f| minute(f.at) != minute(at))
        {
            self.close_minute();
        }
        if let Some(next) = self
            .next_fire_of(task, at)
            .filter(|next| *next <= self.until)
        {
            self.pending.push(Reverse((next, task)));
        }
        let local = self.local.unwrap_or(Tz::UTC);
        let day = at.with_timezone(&local).date_naive();
        let last_day = self
            .fires
            .last()
            .map(|f| f.at.with_timezone(&local).date_naive());
        if last_day != Some(day) {
            self.rows.push(Row::Day(day));
        }
        let dst = self.dst_day_of(task, at);
        self.rows.push(Row::Fire(self.fires.len()));
        self.fires.push(Fire {
            at,
            task,
            together: 1,
            dst,
        });
    }

    /// Write the count of the minute that just ended into its fires.
    fn close_minute(&mut self) {
        let count = (self.fires.len() - self.minute_start) as u32;
        for fire in &mut self.fires[self.minute_start..] {
            fire.together = count;
        }
        self.minute_start = self.fires.len();
    }

    /// The engine's next fire of `task` after `at`, in the task's zone.
    fn next_fire_of(&mut self, task: usize, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let entry = &mut self.tasks[task];
        if entry.schedule.is_none() {
            entry.schedule = trigger_cron::parse(&entry.schedule_text).ok();
        }
        entry.schedule.as_ref()?.next_after(entry.zone, at).ok()
    }

    /// Which of the task's DST days `at` falls on (in the task's zone), if any.
    fn dst_day_of(&mut self, task: usize, at: DateTime<Utc>) -> Option<usize> {
        let (from, until) = (self.from, self.until);
        let zone = self.tasks[task].zone;
        let changes = *self
            .zone_changes
            .entry(zone)
            .or_insert_with(|| zone_changes(zone, from, until));
        let entry = &mut self.tasks[task];
        if entry.dst_days.is_none() {
            let days = match (&entry.schedule, changes) {
                (_, false) => Vec::new(),
                (Some(schedule), true) => {
                    trigger_cron::dst_days(schedule, zone, from, until).unwrap_or_default()
                }
                (None, true) => trigger_cron::parse(&entry.schedule_text)
                    .ok()
                    .and_then(|s| trigger_cron::dst_days(&s, zone, from, until).ok())
                    .unwrap_or_default(),
            };
            entry.dst_days = Some(days);
        }
        let date = at.with_timezone(&zone).date_naive();
        entry.dst_days.as_ref()?.iter().position(|d| d.date == date)
    }

    /// Select the fire of task `id` at `at`, or the first after it; the first fire when the list
    /// has none after it.
    pub fn select_fire(&mut self, id: &str, at: DateTime<Utc>) {
        loop {
            let found = self.rows.iter().position(|row| match row {
                Row::Fire(i) => {
                    let fire = &self.fires[*i];
                    fire.at > at || (fire.at == at && self.tasks[fire.task].id == id)
                }
                Row::Day(_) => false,
            });
            match found {
                Some(position) => {
                    self.selected = position;
                    return;
                }
                None if self.complete => break,
                None => self.extend_to(self.rows.len() + 256),
            }
        }
        self.selected = self.first_fire_row();
    }

    fn first_fire_row(&self) -> usize {
        self.rows
            .iter()
            .position(|r| matches!(r, Row::Fire(_)))
            .unwrap_or(0)
    }

    /// A key's command on the Agenda screen (refreshing the tasks is the app's).
    pub fn update(
        &mut self,
        command: Command,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) -> Ask {
        use Command as C;
        match command {
            C::Up | C::Down | C::PageUp | C::PageDown | C::Top | C::Bottom => {
                self.move_by(command, shared)
            }
            C::Widen => {
                self.window = self.window.other();
                // Rebuilt by `sync`, after this update.
            }
            C::Open => match self.selected_fire() {
                Some(fire) => return Ask::ShowTask(self.tasks[fire.task].id.clone()),
                None => shared.unchanged(),
            },
            C::CopyId => match self.selected_fire() {
                Some(fire) => {
                    effects.push(Effect::CopyToClipboard(self.tasks[fire.task].id.clone()))
                }
                None => shared.unchanged(),
            },
            _ => shared.unchanged(),
        }
        Ask::Done
    }

    fn move_by(&mut self, command: Command, shared: &mut Shared) {
        let page = shared.page();
        let before = self.selected;
        match command {
            Command::Bottom => self.extend_to(usize::MAX),
            _ => self.extend_to(self.selected + page + 2),
        }
        let mut target = step(command, self.selected, self.rows.len(), page);
        let forward = matches!(command, Command::Down | Command::PageDown | Command::Bottom);
        // A day's heading is not a stop: on to its first fire, or back to the day before's last.
        while let Some(Row::Day(_)) = self.rows.get(target) {
            if forward || target == 0 {
                target += 1;
            } else {
                target -= 1;
            }
        }
        if matches!(self.rows.get(target), Some(Row::Fire(_))) {
            self.selected = target;
        }
        // The next page is ready for the next frame, and the minute after the selected one.
        self.extend_to(self.selected + page + 2);
        if self.selected == before {
            shared.unchanged();
        }
    }

    /// A click on a drawn fire selects it.
    pub fn click(&mut self, at: Position, drawn: &Drawn, shared: &mut Shared) {
        let row = drawn
            .list
            .filter(|l| l.screen == Screen::Agenda && l.rows.contains(at))
            .map(|l| l.first + usize::from(at.y - l.rows.y));
        match row {
            Some(row) if matches!(self.rows.get(row), Some(Row::Fire(_))) => self.selected = row,
            _ => shared.unchanged(),
        }
    }

    /// How the agenda stands, for its empty states.
    pub fn state(&self, tasks: &TasksPane) -> Empty {
        if !self.fires.is_empty() {
            return Empty::NotEmpty;
        }
        match &tasks.load {
            _ if !tasks.rows.is_empty() && self.tasks.is_empty() => Empty::NoEnabledTasks,
            _ if !tasks.rows.is_empty() => Empty::NoFires,
            Load::Idle | Load::Loading => Empty::Loading,
            Load::Failed(e) => Empty::Failed(e.clone()),
            Load::Loaded => Empty::NoTasks,
        }
    }
}

/// Why the agenda has no fire to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Empty {
    NotEmpty,
    Loading,
    Failed(String),
    NoTasks,
    NoEnabledTasks,
    /// Enabled tasks, none firing in the window.
    NoFires,
}

fn minute(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(60)
}

/// Whether `zone`'s offset changes between `from` and `until` (looked at a day apart, as the
/// engine looks for clock changes).
fn zone_changes(zone: Tz, from: DateTime<Utc>, until: DateTime<Utc>) -> bool {
    let offset = |at: DateTime<Utc>| zone.offset_from_utc_datetime(&at.naive_utc()).fix();
    let first = offset(from);
    let mut at = from;
    while at < until {
        at = (at + Duration::days(1)).min(until);
        if offset(at) != first {
            return true;
        }
    }
    false
}

/// The artist as the agenda names it: the name, else the account id's first 8 characters.
fn artist(name: Option<&str>, account_id: &str) -> String {
    match crate::present::artist_name(name) {
        Some(name) => name,
        None if account_id.chars().count() > 8 => {
            format!("{}…", account_id.chars().take(8).collect::<String>())
        }
        None => account_id.to_string(),
    }
}

impl TasksPane {
    /// Show task `id` selected in the list (the agenda's `Enter`): the filter is cleared when it
    /// hides the task.
    pub fn reveal(&mut self, id: &str) {
        if !self.visible.iter().any(|i| self.rows[*i].task.id == id) {
            self.filter.clear();
            self.filtering = false;
            self.refilter();
        }
        self.select_id(Some(id));
        self.focus = TasksFocus::List;
        self.run_selected = 0;
        self.detail_scroll = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;
    use crate::tui::state::TaskRow;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn task(id: &str, schedule: &str, zone: &str) -> Task {
        serde_json::from_value(serde_json::json!({
            "id": id, "title": id, "schedule": schedule, "timezone": zone, "enabled": true,
            "trigger_schedule_id": "sched", "artist_account_id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn built(now: &str, tasks: Vec<Task>, page: usize) -> AgendaPane {
        let now = at(now);
        let mut list = TasksPane::default();
        list.set_rows(
            tasks
                .into_iter()
                .map(|t| TaskRow::new(t.listed(), now))
                .collect(),
        );
        let mut pane = AgendaPane::default();
        pane.build(&list, now, Tz::Europe__Paris, page);
        pane
    }

    fn fires(pane: &AgendaPane) -> Vec<(String, &str, u32, bool)> {
        pane.fires
            .iter()
            .map(|f| {
                (
                    f.at.format("%d %H:%M").to_string(),
                    pane.tasks[f.task].id.as_str(),
                    f.together,
                    f.dst.is_some(),
                )
            })
            .collect()
    }

    #[test]
    fn fires_of_tasks_in_several_zones_come_in_time_order() {
        let mut pane = built(
            "2026-11-30T23:00:00Z",
            vec![
                task("tokyo", "0 9 * * *", "Asia/Tokyo"),
                task("ny", "0 9 * * *", "America/New_York"),
                task("utc", "0 */6 * * *", "UTC"),
            ],
            4,
        );
        pane.extend_to(usize::MAX);
        assert!(pane.complete);
        let times: Vec<DateTime<Utc>> = pane.fires.iter().map(|f| f.at).collect();
        assert!(times.is_sorted(), "{times:?}");
        // 7 days: 7 + 7 + 28 fires, as the chart counts them.
        assert_eq!(pane.fires.len(), 42);
        assert_eq!(pane.total(), 42);
        assert_eq!(
            fires(&pane)[..4],
            [
                ("01 00:00".into(), "tokyo", 2, false),
                ("01 00:00".into(), "utc", 2, false),
                ("01 06:00".into(), "utc", 1, false),
                ("01 12:00".into(), "utc", 1, false),
            ]
        );
    }

    #[test]
    fn a_minute_shared_by_several_tasks_is_counted_whole_even_past_the_page() {
        let pane = built(
            "2026-12-01T00:00:00Z",
            vec![
                task("a", "30 10 * * *", "UTC"),
                task("b", "30 10 * * *", "UTC"),
                task("c", "30 10 * * *", "UTC"),
                task("d", "31 10 * * *", "UTC"),
            ],
            // A page of one row: the heading alone would do, but the minute is finished.
            0,
        );
        assert_eq!(
            fires(&pane),
            [
                ("01 10:30".into(), "a", 3, false),
                ("01 10:30".into(), "b", 3, false),
                ("01 10:30".into(), "c", 3, false),
            ]
        );
        assert!(!pane.complete);
    }

    #[test]
    fn fires_on_a_day_whose_clock_change_touches_the_schedule_are_marked() {
        let mut pane = built(
            "2027-03-12T10:00:00Z",
            vec![
                task("night", "30 2 * * *", "America/New_York"),
                task("morning", "0 9 * * *", "America/New_York"),
            ],
            4,
        );
        pane.extend_to(usize::MAX);
        let marked: Vec<_> = fires(&pane)
            .into_iter()
            .filter(|(_, _, _, dst)| *dst)
            .collect();
        // 02:30 does not exist on 14 March: the scheduler fires at 03:30 EDT (07:30 UTC).
        assert_eq!(marked, [("14 07:30".into(), "night", 1, true)]);
        let fire = pane.fires.iter().find(|f| f.dst.is_some());
        let note = fire.and_then(|f| {
            let task = &pane.tasks[f.task];
            let day = task.dst_days.as_ref()?.get(f.dst?)?;
            Some(crate::present::dst_note(day, task.zone))
        });
        assert_eq!(
            note.as_deref(),
            Some("Sun 2027-03-14: 02:30 does not exist — fires at 03:30 EDT")
        );
    }

    #[test]
    fn the_window_takes_the_fire_at_its_end_not_the_one_at_its_start() {
        let mut pane = built(
            "2026-12-01T09:00:00Z",
            vec![task("daily", "0 9 * * *", "UTC")],
            4,
        );
        pane.extend_to(usize::MAX);
        let days: Vec<String> = fires(&pane).into_iter().map(|f| f.0).collect();
        assert_eq!(
            days,
            [
                "02 09:00", "03 09:00", "04 09:00", "05 09:00", "06 09:00", "07 09:00", "08 09:00"
            ]
        );
        assert_eq!(pane.total(), 7);
        // A day heading before each day's fires, in the viewer's zone.
        assert_eq!(pane.rows.len(), 14);
        assert!(matches!(pane.rows[0], Row::Day(d) if d.to_string() == "2026-12-02"));
    }

    #[test]
    fn opening_takes_only_what_the_first_page_needs() {
        let tasks: Vec<Task> = (0..50)
            .map(|i| task(&format!("t{i}"), &format!("{i} * * * *"), "UTC"))
            .collect();
        let pane = built("2026-12-01T00:00:30Z", tasks, 10);
        // 50 hourly tasks fire 8,400 times in the week; the list holds a page.
        assert_eq!(pane.total(), 8_400);
        assert_eq!(pane.rows.len(), 11);
        assert!(!pane.complete);
    }
}
