//! What a task is called wherever one is named: its title. A run names its task by id; the
//! title is looked up, and when it cannot be the same words stand in everywhere. An artist is
//! called by the name the service sends with the task (`artist_name`), `—` without one.

use super::sanitize;

/// What a run's task is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskName<'a> {
    Title(&'a str),
    /// The task list, read after the run named it, does not have it.
    Deleted,
    /// Not known yet (being looked up), or not knowable.
    Unknown,
}

/// The words for a task that is gone.
pub const DELETED: &str = "(deleted task)";

/// In a list: the title (one line), `(deleted task)`, or `—`.
pub fn list_name(name: TaskName<'_>) -> String {
    match name {
        TaskName::Title(title) => sanitize::line(title).into_owned(),
        TaskName::Deleted => DELETED.into(),
        TaskName::Unknown => super::NONE.into(),
    }
}

/// In a detail view, beside the task's id: `“Weekly report”  1b4e…`, `(deleted task)  1b4e…`,
/// or the id alone when the title is not known.
pub fn detail_name(name: TaskName<'_>, task_id: &str) -> String {
    let id = sanitize::line(task_id);
    match name {
        TaskName::Title(title) => format!("“{}”  {id}", sanitize::line(title)),
        TaskName::Deleted => format!("{DELETED}  {id}"),
        TaskName::Unknown => id.into_owned(),
    }
}

/// An artist's name as a person reads it (one line); `None` when there is none to show (the
/// service sent `null`, or only blanks).
pub fn artist_name(name: Option<&str>) -> Option<String> {
    let name = sanitize::line(name?);
    (!name.trim().is_empty()).then(|| name.into_owned())
}

/// In a list: the artist's name, or `—`.
pub fn list_artist(name: Option<&str>) -> String {
    artist_name(name).unwrap_or_else(|| super::NONE.into())
}

/// In a detail view, beside the artist's id: `Nova  1b4e…`, or the id alone when the name
/// is not known.
pub fn detail_artist(name: Option<&str>, artist_id: &str) -> String {
    let id = sanitize::line(artist_id);
    match artist_name(name) {
        Some(name) => format!("{name}  {id}"),
        None => id.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_is_named_by_its_title_with_one_fallback_everywhere() {
        assert_eq!(
            list_name(TaskName::Title("Weekly\nreport")),
            "Weekly report"
        );
        assert_eq!(list_name(TaskName::Deleted), "(deleted task)");
        assert_eq!(list_name(TaskName::Unknown), "—");
        assert_eq!(detail_name(TaskName::Title("Weekly"), "t1"), "“Weekly”  t1");
        assert_eq!(detail_name(TaskName::Deleted, "t1"), "(deleted task)  t1");
        assert_eq!(detail_name(TaskName::Unknown, "t1"), "t1");
    }

    #[test]
    fn an_artist_is_named_by_its_name_with_one_fallback_everywhere() {
        assert_eq!(
            list_artist(Some("Del\u{1b}[31m Water\nGap")),
            "Del Water Gap"
        );
        assert_eq!(list_artist(None), "—");
        assert_eq!(list_artist(Some("  ")), "—");
        assert_eq!(detail_artist(Some("Nova"), "a1"), "Nova  a1");
        assert_eq!(detail_artist(None, "a1"), "a1");
        assert_eq!(detail_artist(Some(""), "a1"), "a1");
    }
}
