//! Several artists in a duplicate's Artist field: `y` copies a task to one artist or to many at
//! once (the rollout case). The field then holds ids separated by commas; Space in the picker
//! adds the highlighted artist or takes it out, and Save creates one task per artist.

use crate::client::validate::is_account_id;
use crate::model::normalize_uuid;

/// The ids the field holds, in order, each once (commas or blanks between them).
pub fn artist_ids(value: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for part in value.split(|c: char| c == ',' || c.is_whitespace()) {
        let id = normalize_uuid(part);
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// What the picker filters by: the part being typed after the last separator, none when that
/// part is a whole id already (the list is complete: every artist is offered to add).
pub fn needle(value: &str) -> String {
    let last = value
        .rsplit(|c: char| c == ',' || c.is_whitespace())
        .next()
        .unwrap_or_default();
    if is_account_id(last) {
        String::new()
    } else {
        last.trim().to_ascii_lowercase()
    }
}

/// The field's text with `id` added (replacing a part being typed) or, when it is there, taken
/// out.
pub fn toggled(value: &str, id: &str) -> String {
    let id = normalize_uuid(id);
    let mut ids: Vec<String> = artist_ids(value)
        .into_iter()
        .filter(|listed| is_account_id(listed))
        .collect();
    match ids.iter().position(|listed| *listed == id) {
        Some(at) => {
            ids.remove(at);
        }
        None => ids.push(id),
    }
    ids.join(", ")
}

/// The title a copy for other artists gets: the source's own, without the ` (copy)` that tells
/// a copy for the same artist apart — only while the title is as the form opened it.
pub fn copy_title(opened_title: &str, title: &str, source_artist: &str, ids: &[String]) -> String {
    let Some(original) = opened_title.strip_suffix(" (copy)") else {
        return title.to_string();
    };
    // A title the user changed stays as typed.
    if title != opened_title && title != original {
        return title.to_string();
    }
    let for_others = !ids.is_empty() && !ids.contains(&normalize_uuid(source_artist));
    if for_others { original } else { opened_title }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    const B: &str = "9c1d3f0e-5b7a-4c2e-8f6d-2a4b6c8e0f13";

    #[test]
    fn space_adds_and_takes_out() {
        let one = toggled(A, B);
        assert_eq!(one, format!("{A}, {B}"));
        assert_eq!(artist_ids(&one), [A, B]);
        assert_eq!(toggled(&one, A), B);
        assert_eq!(toggled(&format!("{A}, nov"), B), format!("{A}, {B}"));
        assert_eq!(needle(&format!("{A}, Nov")), "nov");
        assert_eq!(needle(&format!("{A}, {B}")), "");
    }

    #[test]
    fn the_copy_mark_goes_only_for_other_artists() {
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            copy_title("Weekly (copy)", "Weekly (copy)", A, &ids(&[B])),
            "Weekly"
        );
        assert_eq!(
            copy_title("Weekly (copy)", "Weekly", A, &ids(&[A, B])),
            "Weekly (copy)"
        );
        assert_eq!(
            copy_title("Weekly (copy)", "Renamed", A, &ids(&[B])),
            "Renamed"
        );
    }
}
