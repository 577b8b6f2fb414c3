//! `GET /api/ai/models` (addendum §6): the models a task may name. The hosted API passes the
//! Vercel AI Gateway catalogue through, embedding models left out; the local server serves a
//! fixed list instead — [`default_models`], or the file given to `serve --models`.

use std::path::Path;
use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Response, StatusCode, header};
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::AppState;
use crate::model::is_embedding_model;

/// The models listed, as the reply carries them (each entry passed through as written).
pub type ModelList = Arc<Vec<Value>>;

/// A few current gateway models of the main providers, the local default model first. Prices
/// are per token, as the gateway writes them; they are illustrative, nothing local bills.
pub fn default_models() -> ModelList {
    let entries = [
        (
            "moonshotai",
            "kimi-k3",
            "Kimi K3",
            "Moonshot AI's agentic model; the default of scheduled tasks.",
            "0.0000006",
            "0.0000025",
        ),
        (
            "openai",
            "gpt-5",
            "GPT-5",
            "OpenAI's flagship model for reasoning and agentic tasks.",
            "0.00000125",
            "0.00001",
        ),
        (
            "openai",
            "gpt-5-mini",
            "GPT-5 mini",
            "A faster, cheaper GPT-5 for well-defined tasks.",
            "0.00000025",
            "0.000002",
        ),
        (
            "anthropic",
            "claude-sonnet-4.5",
            "Claude Sonnet 4.5",
            "Anthropic's model for agents and coding.",
            "0.000003",
            "0.000015",
        ),
        (
            "anthropic",
            "claude-haiku-4.5",
            "Claude Haiku 4.5",
            "Anthropic's fast, low-cost model.",
            "0.000001",
            "0.000005",
        ),
        (
            "google",
            "gemini-2.5-pro",
            "Gemini 2.5 Pro",
            "Google's reasoning model with a long context window.",
            "0.00000125",
            "0.00001",
        ),
        (
            "google",
            "gemini-2.5-flash",
            "Gemini 2.5 Flash",
            "Google's fast, low-cost model.",
            "0.0000003",
            "0.0000025",
        ),
    ];
    let models = entries
        .into_iter()
        .map(|(provider, model, name, description, input, output)| {
            json!({
                "id": format!("{provider}/{model}"),
                "name": name,
                "description": description,
                "pricing": {"input": input, "output": output},
                "specification": {
                    "specificationVersion": "v2",
                    "provider": provider,
                    "modelId": model,
                },
                "modelType": "language",
            })
        })
        .collect();
    Arc::new(models)
}

/// The models of a `--models` file: a JSON list of gateway entries, or a whole reply
/// `{"models":[…]}`. Every entry must be an object with a non-empty string `id`; embedding
/// models are left out, as the hosted API leaves them out. The error says what is wrong and
/// where, for a message that names the file.
pub fn models_from_file(path: &Path) -> Result<ModelList, String> {
    let text = std::fs::read_to_string(path).map_err(|err| err.to_string())?;
    models_from_json(&text)
}

/// [`models_from_file`] on the file's text.
pub fn models_from_json(text: &str) -> Result<ModelList, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|err| format!("not valid JSON ({err})"))?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut reply) => match reply.remove("models") {
            Some(Value::Array(items)) => items,
            Some(_) => return Err("\"models\" is not a list".to_string()),
            None => return Err("an object without a \"models\" list".to_string()),
        },
        _ => {
            return Err(
                "neither a list of models nor an object with a \"models\" list".to_string(),
            );
        }
    };
    for (index, item) in items.iter().enumerate() {
        let number = index + 1;
        if !item.is_object() {
            return Err(format!("model {number} is not an object"));
        }
        match item.get("id") {
            Some(Value::String(id)) if !id.trim().is_empty() => {}
            _ => return Err(format!("model {number} has no \"id\" string")),
        }
    }
    Ok(Arc::new(
        items
            .into_iter()
            .filter(|item| !is_embedding_model(item))
            .collect(),
    ))
}

/// The route: no key needed (headers are not read), never a `status` key.
pub async fn list(State(state): State<AppState>) -> Response<Body> {
    let body = json!({"models": state.models.as_slice()});
    match serde_json::to_vec(&body) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(err) => {
            tracing::error!(%err, "cannot encode the model list");
            failure()
        }
    }
}

/// The hosted route's only error: 500 `{"message":"Internal server error"}`, no `status`, and
/// never the cause.
pub fn failure() -> Response<Body> {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({"message": "Internal server error"})),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_list_is_language_models_with_gateway_ids() {
        let models = default_models();
        assert!(models.len() >= 5);
        for model in models.iter() {
            let id = model["id"].as_str().unwrap_or_default();
            let spec = &model["specification"];
            assert_eq!(
                id,
                format!(
                    "{}/{}",
                    spec["provider"].as_str().unwrap_or_default(),
                    spec["modelId"].as_str().unwrap_or_default()
                )
            );
            assert!(!is_embedding_model(model), "{id}");
            assert!(model["pricing"]["input"].is_string(), "{id}");
        }
        assert_eq!(
            models[0]["id"],
            crate::server::executor::DEFAULT_MODEL,
            "the model a task without one runs with is listed first"
        );
    }

    #[test]
    fn a_models_file_is_a_list_or_a_reply_and_each_entry_needs_an_id() {
        let one = r#"[{"id":"a/b","name":"B"}]"#;
        assert_eq!(models_from_json(one).map(|m| m.len()), Ok(1));
        let reply =
            r#"{"models":[{"id":"a/b"},{"id":"e/m","pricing":{"input":"1","output":"0"}}]}"#;
        assert_eq!(
            models_from_json(reply).map(|m| m.len()),
            Ok(1),
            "the embedding model is left out"
        );
        let cases = [
            (
                "[",
                "not valid JSON (EOF while parsing a list at line 1 column 1)",
            ),
            (
                "3",
                "neither a list of models nor an object with a \"models\" list",
            ),
            ("{}", "an object without a \"models\" list"),
            (r#"{"models":{}}"#, "\"models\" is not a list"),
            (r#"[{"id":"a"},"b"]"#, "model 2 is not an object"),
            (r#"[{"id":"a"},{"id":" "}]"#, "model 2 has no \"id\" string"),
            (r#"[{"name":"a"}]"#, "model 1 has no \"id\" string"),
        ];
        for (text, error) in cases {
            assert_eq!(models_from_json(text), Err(error.to_string()), "{text}");
        }
    }

    #[test]
    fn the_failure_body_has_only_a_message() {
        let response = failure();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let bytes = runtime
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&bytes[..], br#"{"message":"Internal server error"}"#);
    }
}
