//! What an account can choose from beside its tasks: the AI models a task may name
//! (`GET /api/ai/models`, addendum §6) and the organisations the account belongs to
//! (`GET /api/organizations`, addendum §5).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::decode::null_as_default;

/// The model a task that names none runs with: the hosted worker's default (spec §7.2), which
/// the local runner uses too.
pub const DEFAULT_MODEL: &str = "moonshotai/kimi-k3";

/// `{"models":[…]}` — the one reply with no `status` key. An item that cannot be read as a
/// model is dropped, so one odd catalogue entry never hides the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelsResponse {
    #[serde(default, deserialize_with = "readable_models")]
    pub models: Vec<AiModel>,
}

/// A Vercel AI Gateway catalogue entry (`id`, `name`, `description`, `pricing`,
/// `specification`, `modelType`), as `GET /api/ai/models` passes it through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AiModel {
    /// The gateway id a task's `model` names: `openai/gpt-5`.
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<ModelPricing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specification: Option<ModelSpecification>,
    /// `language`, `embedding`, `image`… as the gateway words it.
    #[serde(default, rename = "modelType", skip_serializing_if = "Option::is_none")]
    pub model_type: Option<String>,
}

/// Prices per token, as decimal strings (`"0.000003"`); a number is read as its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelPricing {
    #[serde(default, deserialize_with = "text_or_number")]
    pub input: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub output: String,
}

/// Which provider model a gateway id stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelSpecification {
    #[serde(default, deserialize_with = "null_as_default")]
    pub specification_version: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub provider: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub model_id: String,
}

/// `{"status":"success","organizations":[…]}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationsResponse {
    pub status: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub organizations: Vec<Organization>,
}

/// One membership of an account in an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// The membership's id (not the organisation's).
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub organization_id: String,
    #[serde(default)]
    pub organization_name: Option<String>,
    #[serde(default)]
    pub organization_image: Option<String>,
}

/// Whether the hosted API leaves `entry` out of the model list: an embedding model, which it
/// recognises by an output price that reads as zero (`lib/ai/isEmbedModel.ts`: `pricing`
/// present and `parseFloat(pricing.output) === 0`).
pub fn is_embedding_model(entry: &Value) -> bool {
    let output = &entry["pricing"]["output"];
    let price = match output {
        Value::String(text) => parse_float_prefix(text),
        Value::Number(number) => number.as_f64(),
        _ => None,
    };
    entry["pricing"].is_object() && price == Some(0.0)
}

/// JavaScript's `parseFloat`: the longest decimal prefix after leading blanks; `None` (NaN)
/// when there is none.
fn parse_float_prefix(text: &str) -> Option<f64> {
    let text = text.trim_start();
    let end = text
        .char_indices()
        .take_while(|(i, c)| {
            c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '-' || *c == '+'))
        })
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    (1..=end)
        .rev()
        .find_map(|cut| text[..cut].parse::<f64>().ok())
}

fn readable_models<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<AiModel>, D::Error> {
    let items = Option::<Vec<Value>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(items
        .into_iter()
        .filter_map(|item| serde_json::from_value(item).ok())
        .collect())
}

fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Option::<Value>::deserialize(deserializer)? {
        Some(Value::String(text)) => text,
        Some(Value::Number(number)) => number.to_string(),
        _ => String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_unreadable_model_is_dropped_and_the_rest_kept() {
        let reply: ModelsResponse = serde_json::from_value(json!({"models": [
            {"id": "openai/gpt-5", "name": "GPT-5", "pricing": {"input": 0.1, "output": "0.2"}},
            {"name": "no id"},
            "text",
            {"id": "x/y", "name": null, "specification": null, "extra": 1},
        ]}))
        .unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<&str> = reply.models.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["openai/gpt-5", "x/y"]);
        assert_eq!(
            reply.models[0].pricing.as_ref().map(|p| p.input.as_str()),
            Some("0.1")
        );
        let empty: ModelsResponse =
            serde_json::from_value(json!({"models": null})).unwrap_or_else(|e| panic!("{e}"));
        assert!(empty.models.is_empty());
    }

    #[test]
    fn an_embedding_model_is_one_whose_output_price_reads_as_zero() {
        let entry = |pricing: Value| json!({"id": "m", "pricing": pricing});
        assert!(is_embedding_model(&entry(
            json!({"input": "0.00000002", "output": "0"})
        )));
        assert!(is_embedding_model(&entry(
            json!({"input": "1", "output": " 0.000 per token"})
        )));
        assert!(!is_embedding_model(&entry(
            json!({"input": "1", "output": "0.00001"})
        )));
        assert!(!is_embedding_model(&entry(json!({"input": "1"}))));
        assert!(!is_embedding_model(&entry(json!({"output": "free"}))));
        assert!(!is_embedding_model(&json!({"id": "no pricing"})));
    }
}
