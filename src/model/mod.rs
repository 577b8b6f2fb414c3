//! The wire types of the Recoup Tasks API (spec `recoup-api.md` §2–§4), shared by the client and
//! the local server so the two cannot drift.
//!
//! Decoding is tolerant: unknown fields are ignored, optional fields may be absent or `null`, and
//! an unknown run status is kept as written. Encoding leaves unset optional fields out, as the
//! hosted API does.

mod artist;
mod catalog;
mod decode;
mod engine_schedule;
pub mod english_schedule;
mod envelope;
pub mod health;
pub mod plans;
mod run;
mod task;
mod text;
mod uuid;

pub use artist::{Artist, ArtistDirectory, ArtistGroup};
pub use catalog::{
    AiModel, DEFAULT_MODEL, ModelPricing, ModelSpecification, ModelsResponse, Organization,
    OrganizationsResponse, is_embedding_model,
};
pub use decode::parse_instant;
pub use engine_schedule::engine_schedule;
pub use envelope::{
    AccountIdResponse, ApiError, ArtistsResponse, RunsResponse, TasksResponse, error_text,
};
pub use plans::{Plan, PlanLimit, PlanLimitBody};
pub use run::{
    Attempt, Run, RunEnv, RunError, RunFlags, RunSchedule, RunStatus, RunSummary,
    ScheduleGenerator, SchedulePayload, filter_statuses, status_filter,
};
pub use task::{CreateTask, DeleteTask, ListedTask, MissedFire, Task, UpdateTask};
pub use text::{
    WithoutEscapes, clean_create, clean_line, clean_prompt, clean_update, is_invisible_format,
    normalize_uuid, without_escapes,
};
pub use uuid::is_uuid;

/// The `taskIdentifier` of every scheduled-task run.
pub const SCHEDULED_TASK_IDENTIFIER: &str = "customer-prompt-task";

/// The Recoup organisation: its members (and the org account itself) are admins (spec §1.3).
pub const RECOUP_ORG_ID: &str = "04e3aba9-c130-4fb8-8b92-34e95d43e66b";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_run_status_is_kept_verbatim() {
        let run: Run = serde_json::from_str(r#"{"id":"run_1","status":"REATTEMPTING"}"#).unwrap();
        assert_eq!(run.status, RunStatus::Other("REATTEMPTING".into()));
        assert_eq!(
            serde_json::to_value(&run).unwrap()["status"],
            "REATTEMPTING"
        );
    }

    #[test]
    fn task_decoding_ignores_unknown_fields_and_accepts_nulls() {
        let task: Task = serde_json::from_str(
            r#"{"id":"t","title":null,"enabled":null,"last_run":null,"upcoming":["a",1,null,"b"],"recent_runs":null}"#,
        )
        .unwrap();
        assert_eq!(task.title, "");
        assert_eq!(task.enabled, None);
        assert_eq!(task.upcoming, vec!["a", "b"]);
        assert!(task.recent_runs.is_empty());
    }

    #[test]
    fn canceled_is_cancelled_but_not_completed() {
        let flags = RunStatus::Canceled.flags();
        assert!(flags.is_cancelled && !flags.is_completed && !flags.is_failed);
        assert!(RunStatus::Failed.flags().is_completed);
    }

    #[test]
    fn error_text_prefers_error_over_message() {
        let err: ApiError =
            serde_json::from_str(r#"{"status":"error","message":"Unauthorized"}"#).unwrap();
        assert_eq!(err.text(), Some("Unauthorized"));
    }

    #[test]
    fn error_text_reads_the_sentence_when_error_is_only_a_code() {
        let err: ApiError = serde_json::from_str(
            r#"{"status":"error","error":"plan_limit","message":"Pro runs tasks hourly at most."}"#,
        )
        .unwrap();
        assert_eq!(err.text(), Some("Pro runs tasks hourly at most."));
        let err: ApiError = serde_json::from_str(
            r#"{"status":"error","error":"Task not found","message":"Not Found"}"#,
        )
        .unwrap();
        assert_eq!(
            err.text(),
            Some("Task not found"),
            "a sentence in error wins"
        );
        let err: ApiError =
            serde_json::from_str(r#"{"status":"error","error":"insufficient_credits"}"#).unwrap();
        assert_eq!(
            err.text(),
            Some("insufficient_credits"),
            "no sentence: the code"
        );
    }

    #[test]
    fn update_body_tells_null_enabled_from_absent() {
        let absent: UpdateTask = serde_json::from_str(r#"{"id":"x"}"#).unwrap();
        let null: UpdateTask = serde_json::from_str(r#"{"id":"x","enabled":null}"#).unwrap();
        assert_eq!(absent.enabled, None);
        assert_eq!(null.enabled, Some(None));
    }
}
