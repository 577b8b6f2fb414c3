//! The task form's state: seven fields in order, what was typed, the live preview, field errors
//! found before any request, and the request bodies it turns into.
//!
//! Every field holds clean text whatever way it was filled (typed, pasted, picked, the external
//! editor, a restored draft, an edited task): see [`super::form_text`].

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use crate::client::validate::is_account_id;
use crate::model::{AiModel, ArtistDirectory, CreateTask, ListedTask, Plan, Task, UpdateTask};
use crate::present;
use trigger_cron::timezones;

use super::draft::Draft;
use super::effect::RequestId;
use super::form_artists;
use super::form_models;
use super::form_text::{self, LineEdit, clean_for, text_area, to_send};
use super::form_zones;
use super::preview::{self, Fault, Preview};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Prompt,
    Schedule,
    Timezone,
    Artist,
    Account,
    Model,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Title,
        Field::Prompt,
        Field::Schedule,
        Field::Timezone,
        Field::Artist,
        Field::Account,
        Field::Model,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Prompt => "Prompt",
            Field::Schedule => "Schedule",
            Field::Timezone => "Timezone",
            Field::Artist => "Artist account id",
            Field::Account => "Account id (optional)",
            Field::Model => "Model (optional)",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    fn next(self) -> Field {
        Field::ALL[(self.index() + 1) % Field::ALL.len()]
    }

    fn previous(self) -> Field {
        Field::ALL[(self.index() + Field::ALL.len() - 1) % Field::ALL.len()]
    }
}

/// What submitting the form does.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    New,
    /// Edit the task with this id; only the fields that changed are sent.
    Edit(Box<ListedTask>),
    /// A new task prefilled from an existing one.
    Duplicate,
}

/// A suggestion for the timezone or artist field: the value it fills in and how it is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub value: String,
    pub label: String,
    /// The heading the picker draws above the first suggestion of a group (an artist's
    /// organisation, `your artists`); `None` for suggestions that are not grouped.
    pub group: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub mode: Mode,
    pub focus: Field,
    inputs: Vec<TextArea<'static>>,
    pub errors: [Option<String>; 7],
    pub preview: Preview,
    /// The server's answer to the last failed submit.
    pub submit_error: Option<String>,
    /// The last submit's plan refusal (a 402 `plan_limit`), told apart from `submit_error`'s
    /// sentence: the plan and its count or cadence, and where to upgrade (copied with Ctrl+O).
    pub refusal: Option<PlanRefusal>,
    /// The account's plan when known: the preview marks a schedule it refuses.
    pub plan: Option<Plan>,
    /// The submit in flight, if any.
    pub submitting: Option<RequestId>,
    /// The highlighted suggestion in the timezone, artist or model field.
    pub pick: usize,
    /// The models the Model field completes from (`GET /api/ai/models`; empty: no completion).
    pub models: Arc<[AiModel]>,
    /// `Ctrl+X` was pressed: the next key completes the chord (`Ctrl+E`, the external editor).
    pub chord: bool,
    /// The schedule presets are open (`Ctrl+P`), with this one highlighted.
    pub presets: Option<usize>,
    /// When the preview was last computed: the zone completions' offsets are as of then.
    zone_clock: DateTime<Utc>,
    initial: Draft,
}

/// A plan refusal as the form shows it, worded already (`present::plans`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRefusal {
    /// `plan free, 1 of 1 enabled tasks`.
    pub facts: String,
    pub billing_url: String,
}

/// At most this many suggestions are offered.
pub const SUGGESTIONS: usize = 6;

/// The artist picker's headings for recently used ids and the account's own artists (the
/// others are organisations' names).
pub const RECENT_ARTISTS: &str = "recently used";
pub const OWN_ARTISTS: &str = "your artists";
/// The heading of the artists a duplicate for several artists holds.
pub const COPY_ARTISTS: &str = "this copy's artists";

impl Form {
    /// A form filled from `draft`, cleaned (a draft written by an older version, or a task
    /// stored by one, may hold what the fields no longer take); cleaning is not an edit.
    pub fn new(mode: Mode, draft: Draft, now: DateTime<Utc>, local: Option<Tz>) -> Form {
        let draft = Draft {
            title: clean_for(Field::Title, &draft.title),
            prompt: clean_for(Field::Prompt, &draft.prompt),
            schedule: clean_for(Field::Schedule, &draft.schedule),
            timezone: clean_for(Field::Timezone, &draft.timezone),
            artist_account_id: clean_for(Field::Artist, &draft.artist_account_id),
            account_id: clean_for(Field::Account, &draft.account_id),
            model: clean_for(Field::Model, &draft.model),
            editing: draft.editing,
        };
        let values = [
            &draft.title,
            &draft.prompt,
            &draft.schedule,
            &draft.timezone,
            &draft.artist_account_id,
            &draft.account_id,
            &draft.model,
        ];
        let inputs = values.iter().map(|v| text_area(v)).collect();
        let preview = preview::compute(&draft.schedule, &draft.timezone, now, local, None);
        Form {
            mode,
            focus: Field::Title,
            inputs,
            errors: Default::default(),
            preview,
            submit_error: None,
            refusal: None,
            plan: None,
            submitting: None,
            pick: 0,
            models: Arc::from(Vec::new()),
            chord: false,
            presets: None,
            zone_clock: now,
            initial: draft,
        }
    }

    /// The form with `baseline` as what it opened from, for [`Form::is_changed`]: a restored
    /// draft is compared with the empty form or the task, not with itself, so cancelling it
    /// asks first.
    pub fn with_baseline(mut self, baseline: Draft) -> Form {
        self.initial = baseline;
        self
    }

    /// A form for a new task: empty, in UTC.
    pub fn empty(now: DateTime<Utc>, local: Option<Tz>) -> Form {
        let draft = Draft {
            timezone: timezones::DEFAULT_ZONE.into(),
            ..Draft::default()
        };
        Form::new(Mode::New, draft, now, local)
    }

    /// The draft that fills the form from an existing task.
    pub fn draft_of<R>(task: &Task<R>) -> Draft {
        Draft {
            title: task.title.clone(),
            prompt: task.prompt.clone(),
            schedule: task.schedule.clone(),
            timezone: task
                .timezone
                .clone()
                .unwrap_or_else(|| timezones::DEFAULT_ZONE.into()),
            artist_account_id: task.artist_account_id.clone(),
            account_id: task.account_id.clone(),
            model: task.model.clone().unwrap_or_default(),
            editing: None,
        }
    }

    /// A task known only by its id (every other field empty).
    pub fn bare_task(id: &str) -> ListedTask {
        Task {
            id: id.to_string(),
            title: String::new(),
            prompt: String::new(),
            schedule: String::new(),
            account_id: String::new(),
            artist_account_id: String::new(),
            enabled: None,
            trigger_schedule_id: None,
            model: None,
            created_at: None,
            updated_at: None,
            recent_runs: Vec::new(),
            upcoming: Vec::new(),
            timezone: None,
            trigger_lookup_failed: None,
            artist_name: None,
            owner_email: None,
            missed_fires: Vec::new(),
        }
    }

    pub fn input(&self, field: Field) -> &TextArea<'static> {
        &self.inputs[field.index()]
    }

    /// The field's text, lines joined with `\n`.
    pub fn value(&self, field: Field) -> String {
        self.inputs[field.index()].lines().join("\n")
    }

    pub fn draft(&self) -> Draft {
        Draft {
            title: self.value(Field::Title),
            prompt: self.value(Field::Prompt),
            schedule: self.value(Field::Schedule),
            timezone: self.value(Field::Timezone),
            artist_account_id: self.value(Field::Artist),
            account_id: self.value(Field::Account),
            model: self.value(Field::Model),
            editing: match &self.mode {
                Mode::Edit(task) => Some(task.id.clone()),
                _ => None,
            },
        }
    }

    /// Whether anything differs from what the form opened with.
    pub fn is_changed(&self) -> bool {
        let mut now = self.draft();
        now.editing = self.initial.editing.clone();
        now != self.initial
    }

    pub fn next_field(&mut self) {
        self.focus_on(self.focus.next(), true);
    }

    pub fn previous_field(&mut self) {
        self.focus_on(self.focus.previous(), true);
    }

    /// Move the focus to `field`. Reached by Tab (`select`), a one-line field has its text
    /// selected, as in a browser, so typing replaces it (the timezone's `UTC`, say) while an
    /// arrow key keeps it.
    pub fn focus_on(&mut self, field: Field, select: bool) {
        self.inputs[self.focus.index()].cancel_selection();
        self.focus = field;
        self.pick = 0;
        let input = &mut self.inputs[field.index()];
        if select && field != Field::Prompt && !input.is_empty() {
            input.select_all();
        }
    }

    /// Type a key into the focused field. Returns whether the text changed.
    pub fn type_key(&mut self, key: KeyEvent, now: DateTime<Utc>, local: Option<Tz>) -> bool {
        let changed = self.inputs[self.focus.index()].input(key);
        if changed {
            self.after_edit(now, local);
        }
        changed
    }

    /// A line edit or undo in the focused field. Returns whether the text changed.
    pub fn edit(&mut self, edit: LineEdit, now: DateTime<Utc>, local: Option<Tz>) -> bool {
        let changed = form_text::apply(&mut self.inputs[self.focus.index()], edit);
        if changed {
            self.after_edit(now, local);
        }
        changed
    }

    /// Paste text whole into the focused field, cleaned by the field's rule (a one-line field
    /// gets one line); an id, a zone or a schedule also loses the blanks around it.
    pub fn paste(&mut self, text: &str, now: DateTime<Utc>, local: Option<Tz>) -> bool {
        let text = clean_for(self.focus, text);
        let text = match self.focus {
            Field::Prompt | Field::Title | Field::Model => text,
            Field::Artist | Field::Account | Field::Timezone | Field::Schedule => {
                text.trim().to_string()
            }
        };
        let changed = self.inputs[self.focus.index()].insert_str(&text);
        if changed {
            self.after_edit(now, local);
        }
        changed
    }

    /// Replace the focused field's text (a picked suggestion, or the external editor's result).
    pub fn set_value(&mut self, field: Field, text: &str, now: DateTime<Utc>, local: Option<Tz>) {
        self.inputs[field.index()] = text_area(text);
        let focus = self.focus;
        self.focus = field;
        self.after_edit(now, local);
        self.focus = focus;
    }

    pub fn insert_newline(&mut self, now: DateTime<Utc>, local: Option<Tz>) {
        self.inputs[Field::Prompt.index()].insert_newline();
        self.after_edit(now, local);
    }

    fn after_edit(&mut self, now: DateTime<Utc>, local: Option<Tz>) {
        self.keep_clean(self.focus);
        self.errors[self.focus.index()] = None;
        self.pick = 0;
        if matches!(self.focus, Field::Schedule | Field::Timezone) {
            self.refresh_preview(now, local);
        }
    }

    /// Clean `field` after an edit that may have put in what it does not take (a key the text
    /// area turns into a line break, a control character, an upper-case id).
    fn keep_clean(&mut self, field: Field) {
        if let Some(area) = form_text::cleaned(field, &self.inputs[field.index()]) {
            self.inputs[field.index()] = area;
        }
    }

    /// Recompute the preview (on a keystroke, or when the clock moves on).
    pub fn refresh_preview(&mut self, now: DateTime<Utc>, local: Option<Tz>) {
        self.zone_clock = now;
        self.preview = preview::compute(
            &self.value(Field::Schedule),
            &self.value(Field::Timezone),
            now,
            local,
            self.plan,
        );
    }

    /// The account's plan became known (or changed): the preview judges the schedule by it.
    pub fn set_plan(&mut self, plan: Option<Plan>, now: DateTime<Utc>, local: Option<Tz>) {
        if self.plan != plan {
            self.plan = plan;
            self.refresh_preview(now, local);
        }
    }

    /// The suggestions for the focused field: accepted zones matching what is typed, the
    /// artists and recently used ids, or the models.
    pub fn suggestions(&self, artists: &ArtistDirectory, recent: &[String]) -> Vec<Suggestion> {
        let typed = self.value(self.focus);
        let several = self.takes_several_artists() && self.focus == Field::Artist;
        let needle = if several {
            form_artists::needle(&typed)
        } else {
            typed.trim().to_ascii_lowercase()
        };
        match self.focus {
            Field::Timezone => form_zones::suggestions(&typed, self.zone_clock),
            Field::Artist => {
                let mut out: Vec<Suggestion> = Vec::new();
                // An artist reads as it does in the task detail: `Nova  <id>`, the id alone
                // when it has no name; a recent id is named when the artists list knows it.
                let name_of = |id: &str| artists.find(id).and_then(|a| a.name.as_deref());
                // Grouped under their organisations' names only when some are an
                // organisation's: a list of the account's own needs no heading.
                let grouped = artists.has_organizations();
                let named = artists.iter().map(|(organization, a)| Suggestion {
                    value: a.account_id.clone(),
                    label: present::detail_artist(a.name.as_deref(), &a.account_id),
                    group: grouped.then(|| organization.unwrap_or(OWN_ARTISTS).to_string()),
                });
                let recents = recent.iter().map(|id| Suggestion {
                    value: id.clone(),
                    label: format!("{}  (recent)", present::detail_artist(name_of(id), id)),
                    group: grouped.then(|| RECENT_ARTISTS.to_string()),
                });
                // A duplicate's list marks the artists it holds (Space adds or takes out).
                let listed_ids = form_artists::artist_ids(&typed);
                let mark = |mut s: Suggestion| {
                    if several {
                        let on = listed_ids
                            .iter()
                            .any(|id| id.eq_ignore_ascii_case(&s.value));
                        s.label = format!("{} {}", if on { "[x]" } else { "[ ]" }, s.label);
                    }
                    s
                };
                // First the artists the duplicate holds, so each can be taken out.
                let holds = listed_ids
                    .iter()
                    .filter(|_| several)
                    .filter(|id| is_account_id(id))
                    .map(|id| Suggestion {
                        value: id.clone(),
                        label: present::detail_artist(name_of(id), id),
                        group: grouped.then(|| COPY_ARTISTS.to_string()),
                    });
                for s in holds.chain(recents).chain(named).map(mark) {
                    let matches =
                        needle.is_empty() || s.label.to_ascii_lowercase().contains(&needle);
                    // Ids are compared as UUIDs are: whatever the case.
                    let is_typed = !several && s.value.eq_ignore_ascii_case(typed.trim());
                    let listed = out.iter().any(|o| o.value.eq_ignore_ascii_case(&s.value));
                    if matches && !is_typed && !listed {
                        out.push(s);
                    }
                    if out.len() == SUGGESTIONS {
                        break;
                    }
                }
                out
            }
            Field::Model => form_models::suggestions(&self.models, &typed),
            Field::Title | Field::Prompt | Field::Schedule | Field::Account => Vec::new(),
        }
    }

    /// The zone the preview's hint names for the refused zone typed (`Asia/Calcutta` for
    /// `Asia/Kolkata`, `Europe/London` for `Europe/Londn`): Tab in the Timezone field takes it.
    pub fn hinted_zone(&self) -> Option<&'static str> {
        let refused = matches!(&self.preview.outcome, Err(e) if e.fault == Fault::Timezone);
        if self.focus != Field::Timezone || !refused {
            return None;
        }
        present::zone_hint_target(&self.value(Field::Timezone))
    }

    /// The cron expression the Schedule field's English phrase reads as, when it holds one.
    pub fn translated_schedule(&self) -> Option<&str> {
        self.preview
            .translation
            .as_ref()
            .map(|t| t.expression.as_str())
    }

    /// Put the expression the Schedule field's phrase reads as into the field (Tab, Enter, or
    /// a save); returns the phrase it replaced. The task stores the cron, never the phrase.
    pub fn take_translation(&mut self, now: DateTime<Utc>, local: Option<Tz>) -> Option<String> {
        let translation = self.preview.translation.clone()?;
        self.set_value(Field::Schedule, &translation.expression, now, local);
        Some(translation.phrase)
    }

    /// Whether the Artist field may hold several artists: a duplicate's (one task each).
    pub fn takes_several_artists(&self) -> bool {
        self.mode == Mode::Duplicate
    }

    /// The artists a duplicate is for, as the field lists them.
    pub fn artist_ids(&self) -> Vec<String> {
        form_artists::artist_ids(&self.value(Field::Artist))
    }

    /// Space in a duplicate's artist picker: the artist `id` added to the field or taken out;
    /// an untouched title loses its ` (copy)` while no copy is for the source's own artist.
    pub fn toggle_artist(&mut self, id: &str, now: DateTime<Utc>, local: Option<Tz>) {
        let pick = self.pick;
        let value = form_artists::toggled(&self.value(Field::Artist), id);
        self.set_value(Field::Artist, &value, now, local);
        self.pick = pick;
        let title = form_artists::copy_title(
            &self.initial.title,
            &self.value(Field::Title),
            &self.initial.artist_account_id,
            &self.artist_ids(),
        );
        if title != self.value(Field::Title) {
            self.set_value(Field::Title, &title, now, local);
            self.pick = pick;
        }
    }

    /// The bodies a save sends: one per artist of a duplicate for several, else the one.
    pub fn create_bodies(&self) -> Vec<CreateTask> {
        let body = self.create_body();
        let ids = self.artist_ids();
        if !self.takes_several_artists() || ids.len() < 2 {
            return vec![body];
        }
        ids.into_iter()
            .map(|artist_account_id| CreateTask {
                artist_account_id,
                ..body.clone()
            })
            .collect()
    }

    /// Check every field; marks the errors and returns whether the form can be sent.
    pub fn validate(&mut self) -> bool {
        let mut errors: [Option<String>; 7] = Default::default();
        let required =
            |v: String, what: &str| v.trim().is_empty().then(|| format!("{what} is required"));
        errors[0] = required(self.value(Field::Title), "a title");
        errors[1] = required(self.value(Field::Prompt), "a prompt");
        if let Err(e) = &self.preview.outcome {
            let at = match e.fault {
                Fault::Timezone => Field::Timezone,
                Fault::Schedule(_) => Field::Schedule,
            };
            errors[at.index()] = Some(e.message.clone());
        }
        // A phrase is never sent: only the cron it reads as (a save takes it into the field
        // first, so this is a guard).
        if let Some(expression) = self.translated_schedule() {
            errors[Field::Schedule.index()] = Some(format!("press Tab to use {expression}"));
        }
        let artist = self.value(Field::Artist);
        let several = self.takes_several_artists() && self.artist_ids().len() > 1;
        errors[4] = if artist.trim().is_empty() {
            Some("an artist account id is required".into())
        } else if several {
            let bad = self.artist_ids().into_iter().find(|id| !is_account_id(id));
            bad.map(|id| format!("artist account id must be a valid UUID: {id}"))
        } else if !is_account_id(&artist) {
            Some("artist account id must be a valid UUID".into())
        } else {
            None
        };
        let account = self.value(Field::Account);
        if !account.trim().is_empty() && !is_account_id(&account) {
            errors[5] = Some("account id must be a valid UUID".into());
        }
        let ok = errors.iter().all(Option::is_none);
        self.errors = errors;
        if let Some(first) = Field::ALL.iter().find(|f| self.errors[f.index()].is_some()) {
            self.focus = *first;
        }
        ok
    }

    /// The body of a `POST /api/tasks` for what is typed.
    pub fn create_body(&self) -> CreateTask {
        let sent = |field: Field| to_send(field, &self.value(field));
        let optional = |field: Field| Some(sent(field)).filter(|v| !v.is_empty());
        CreateTask {
            title: sent(Field::Title),
            prompt: sent(Field::Prompt),
            schedule: sent(Field::Schedule),
            artist_account_id: sent(Field::Artist),
            account_id: optional(Field::Account),
            model: optional(Field::Model),
            timezone: optional(Field::Timezone),
        }
    }

    /// The body of a `PATCH /api/tasks`: the id and the fields that differ from the task. The
    /// task's values are compared as this form would send them, so a task stored with text the
    /// fields clean away (by an older version) is not changed just by being opened and saved.
    pub fn update_body<R>(&self, task: &Task<R>) -> UpdateTask {
        let new = self.create_body();
        let changed = |field: Field, new: &str, old: &str| {
            (new != to_send(field, old)).then(|| new.to_string())
        };
        UpdateTask {
            id: task.id.clone(),
            title: changed(Field::Title, &new.title, &task.title),
            prompt: changed(Field::Prompt, &new.prompt, &task.prompt),
            schedule: changed(Field::Schedule, &new.schedule, &task.schedule),
            account_id: new
                .account_id
                .as_deref()
                .and_then(|a| changed(Field::Account, a, &task.account_id)),
            artist_account_id: changed(
                Field::Artist,
                &new.artist_account_id,
                &task.artist_account_id,
            ),
            enabled: None,
            model: new
                .model
                .as_deref()
                .and_then(|m| changed(Field::Model, m, task.model.as_deref().unwrap_or_default())),
            timezone: changed(
                Field::Timezone,
                new.timezone.as_deref().unwrap_or(timezones::DEFAULT_ZONE),
                task.timezone.as_deref().unwrap_or(timezones::DEFAULT_ZONE),
            ),
        }
    }
}
