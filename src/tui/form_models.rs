//! The Model field's completion: the models of `GET /api/ai/models`, matched like zones.

use crate::model::AiModel;

use super::form::{SUGGESTIONS, Suggestion};

/// The Model field's first choice: no model, which the service fills in with its default.
pub const DEFAULT_MODEL_CHOICE: &str = "default model";

/// The Model field's completions, as the Timezone field's: the models whose id or name holds
/// what is typed (any case), those whose id, bare id (after the provider) or name starts with it
/// first; "default model" (the empty value) leads while nothing is typed. None when no list was
/// loaded, or when the text is a listed id already.
pub fn suggestions(models: &[AiModel], typed: &str) -> Vec<Suggestion> {
    let typed = typed.trim();
    if models.is_empty() || (!typed.is_empty() && models.iter().any(|m| m.id == typed)) {
        return Vec::new();
    }
    let needle = typed.to_ascii_lowercase();
    let (mut first, mut rest): (Vec<&AiModel>, Vec<&AiModel>) = models
        .iter()
        .filter(|m| {
            let (id, name) = (m.id.to_ascii_lowercase(), m.name.to_ascii_lowercase());
            id.contains(&needle) || name.contains(&needle)
        })
        .partition(|m| {
            let (id, name) = (m.id.to_ascii_lowercase(), m.name.to_ascii_lowercase());
            let bare = id.split_once('/').map_or(id.as_str(), |(_, bare)| bare);
            id.starts_with(&needle) || bare.starts_with(&needle) || name.starts_with(&needle)
        });
    first.append(&mut rest);
    let default = needle.is_empty().then(|| Suggestion {
        value: String::new(),
        label: DEFAULT_MODEL_CHOICE.to_string(),
        group: None,
    });
    let listed = first.into_iter().map(|m| Suggestion {
        value: m.id.clone(),
        label: if m.name.trim().is_empty() || m.name == m.id {
            m.id.clone()
        } else {
            format!("{}  {}", m.id, m.name)
        },
        group: None,
    });
    default
        .into_iter()
        .chain(listed)
        .take(SUGGESTIONS)
        .collect()
}
