//! The Recoup API client: one async method per endpoint, over reqwest (rustls), used by the CLI
//! and the TUI alike, against the hosted API or the embedded local server.
//!
//! ```no_run
//! # async fn demo() -> Result<(), recoup_tasks::client::ClientError> {
//! use recoup_tasks::client::{RecoupClient, TaskFilter};
//! use recoup_tasks::config::KeySource;
//! let client = RecoupClient::new("http://127.0.0.1:8787", "recoup_sk_…", KeySource::Caller)?;
//! let tasks = client.list_tasks(&TaskFilter::default()).await?;
//! # Ok(()) }
//! ```
//!
//! - Every error is a [`ClientError`] whose `Display` is a sentence for a person; none ever
//!   holds the key, and `Debug` of the client hides it.
//! - The key goes only to the configured origin: a redirect elsewhere (another scheme, host or
//!   port, or https to http) is not followed ([`crate::http::same_origin_redirects`]), and a
//!   reply larger than [`ClientOptions::max_reply_bytes`] is not read.
//! - GETs are retried on connection failures, 5xx and 429 (at most [`ClientOptions::max_retries`]
//!   times, with exponential backoff, honouring `Retry-After`). Nothing else is retried.
//! - A create is never sent twice: when it fails with a timeout or a 5xx, the client looks for
//!   the task it may have made anyway ([`ClientError::CreatedDespite`]).
//! - Creates and updates are cleaned ([`crate::model::clean_create`]: one-line fields keep no
//!   line break, tab, control character or escape sequence; account ids go lower-case) and
//!   then checked before sending ([`validate`]), so a schedule the service would refuse never
//!   reaches it.
//!
//! Which API to talk to (hosted or the embedded local server) is chosen one layer up, in
//! [`crate::backend`]; this module knows only URLs and keys.

mod error;
mod known_tasks;
mod reply;
mod stream;
mod task_list;
pub mod validate;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, ETAG, HeaderMap, HeaderValue, IF_NONE_MATCH, RETRY_AFTER};
use serde_json::Value;

pub use error::ClientError;
pub use known_tasks::{KnownTasks, ListedEntry, TaskListReply, fingerprint};
pub use task_list::{DecodedTaskList, decode_listed};

use crate::config::{KeySource, Secret, without_credentials};
use crate::model::{
    AccountIdResponse, AiModel, Artist, ArtistDirectory, ArtistsResponse, CreateTask, DeleteTask,
    ModelsResponse, Organization, OrganizationsResponse, Run, RunsResponse, Task, TasksResponse,
    UpdateTask, clean_create, clean_update, normalize_uuid, parse_instant,
};

/// How many organisations' artists the picker asks for at most (one request each).
pub const MAX_ORGANIZATIONS: usize = 20;

/// Timeouts and retry policy.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Time to establish a connection (default 5 s).
    pub connect_timeout: Duration,
    /// Time for a whole request, reply included (default 30 s).
    pub request_timeout: Duration,
    /// How many times a GET is retried (default 3).
    pub max_retries: u32,
    /// The first retry's delay; each next one doubles it (default 250 ms).
    pub retry_delay: Duration,
    /// The longest `Retry-After` honoured; a longer one ends the retries (default 30 s).
    pub max_retry_wait: Duration,
    /// How far back a lost create's task is looked for (default 5 minutes).
    pub recovery_window: Duration,
    /// The largest reply body read whole (default 16 MiB): a server cannot make the client
    /// hold more.
    pub max_reply_bytes: usize,
    /// The largest task list read (default 256 MiB, 80,000 tasks with their runs). A list is
    /// decoded as it arrives, never held whole, so it may pass `max_reply_bytes`.
    pub max_list_bytes: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            max_retries: 3,
            retry_delay: Duration::from_millis(250),
            max_retry_wait: Duration::from_secs(30),
            recovery_window: Duration::from_secs(300),
            max_reply_bytes: 16 * 1024 * 1024,
            max_list_bytes: 256 * 1024 * 1024,
        }
    }
}

/// Filters of `GET /api/tasks` (all optional, ANDed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFilter {
    pub id: Option<String>,
    pub account_id: Option<String>,
    pub artist_account_id: Option<String>,
    /// `Some(false)` is applied by the client: the hosted API reads `enabled=false` as true
    /// (spec §2.2).
    pub enabled: Option<bool>,
}

/// Options of `GET /api/tasks/runs` in list mode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunsQuery {
    /// 1–100; the service's default is 20.
    pub limit: Option<u32>,
    pub account_id: Option<String>,
}

/// A client of one Recoup API with one key.
#[derive(Clone)]
pub struct RecoupClient {
    http: reqwest::Client,
    base_url: String,
    /// The base URL as messages name it: without credentials (`http://***@host`).
    shown_url: String,
    host: String,
    key_source: KeySource,
    options: ClientOptions,
}

impl std::fmt::Debug for RecoupClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecoupClient")
            .field("base_url", &self.shown_url)
            .field("key", &"<redacted>")
            .field("key_source", &self.key_source)
            .field("options", &self.options)
            .finish()
    }
}

impl RecoupClient {
    /// A client of `base_url` (e.g. `https://recoup-api.vercel.app`) sending `api_key` as
    /// `x-api-key`, with the default options. `key_source` is named when the key is rejected.
    pub fn new(
        base_url: &str,
        api_key: impl Into<String>,
        key_source: KeySource,
    ) -> Result<RecoupClient, ClientError> {
        Self::with_options(base_url, api_key, key_source, ClientOptions::default())
    }

    /// [`RecoupClient::new`] with other timeouts or retry policy.
    pub fn with_options(
        base_url: &str,
        api_key: impl Into<String>,
        key_source: KeySource,
        options: ClientOptions,
    ) -> Result<RecoupClient, ClientError> {
        let bad_url = |detail: &str| ClientError::BadUrl {
            url: without_credentials(base_url),
            detail: detail.to_string(),
        };
        let parsed = reqwest::Url::parse(base_url).map_err(|err| bad_url(&err.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(bad_url("only http and https URLs are supported"));
        }
        let host = match (parsed.host_str(), parsed.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            (None, _) => return Err(bad_url("no host")),
        };
        let key = Secret::new(api_key);
        let mut headers = HeaderMap::new();
        let mut value = HeaderValue::from_str(key.expose())
            .map_err(|_| bad_url("the API key holds characters a header cannot carry"))?;
        value.set_sensitive(true);
        headers.insert("x-api-key", value);
        let mut builder = crate::http::client_builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .default_headers(headers)
            .redirect(crate::http::same_origin_redirects(parsed.clone()))
            .user_agent(concat!("recoup-tasks/", env!("CARGO_PKG_VERSION")));
        if parsed.scheme() == "http" {
            // Plain HTTP (the local server) needs no trust store; loading the system's costs
            // more than the whole request. An https redirect would then fail verification.
            builder = builder.tls_certs_only(std::iter::empty());
        }
        let http = builder
            .build()
            .map_err(|err| bad_url(&format!("cannot build an HTTP client: {err}")))?;
        let base_url = base_url.trim_end_matches('/').to_string();
        Ok(RecoupClient {
            http,
            shown_url: without_credentials(&base_url),
            base_url,
            host,
            key_source,
            options,
        })
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `host[:port]` of the base URL, as error messages name it.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether the key crosses the network in the clear: plain http to a host that is not this
    /// machine ([`crate::http::is_cleartext_off_machine`]).
    pub fn key_in_clear_off_machine(&self) -> bool {
        reqwest::Url::parse(&self.base_url)
            .is_ok_and(|url| crate::http::is_cleartext_off_machine(&url))
    }

    /// Where the key came from.
    pub fn key_source(&self) -> &KeySource {
        &self.key_source
    }

    /// `GET /api/tasks`: the tasks the key may see that match `filter`, newest first.
    pub async fn list_tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>, ClientError> {
        // A plain success is decoded straight from the body (as it arrives, when large): a
        // `Value` tree of 10,000 tasks would take 40 MB more, which the allocator keeps after
        // it is freed. Any other reply takes the untyped path, which says what is wrong.
        let decode: stream::Decode<TasksResponse> = Arc::new(task_list::decode_whole);
        let replied = self
            .get_reply(
                "/api/tasks",
                &tasks_query(filter),
                |bytes| {
                    serde_json::from_slice::<TasksResponse>(bytes)
                        .ok()
                        .filter(|reply| reply.status != "error")
                },
                Some(decode),
                None,
            )
            .await?;
        let tasks = match replied.reply {
            Reply::Decoded(reply) if reply.status != "error" => reply.tasks,
            Reply::Decoded(_) => return Err(self.says_error()),
            Reply::Json(reply) => self.decode::<TasksResponse>(reply)?.tasks,
            Reply::NotModified => return Err(self.unasked_not_modified()),
        };
        Ok(keep_enabled_tasks(tasks, filter, |task| task.enabled))
    }

    /// [`RecoupClient::list_tasks`] as a list keeps it ([`ListedTask`]): each task's runs as
    /// summaries, decoded so, never as whole runs. `known` is what the caller holds of its last
    /// list of the same filter (see [`known_tasks`]): its ETag is sent as `If-None-Match`, and a
    /// task whose text has a known fingerprint is that known task, not decoded again.
    pub async fn list_listed_tasks(
        &self,
        filter: &TaskFilter,
        known: &KnownTasks,
    ) -> Result<TaskListReply, ClientError> {
        let small = known.by_fingerprint.clone();
        let large = known.by_fingerprint.clone();
        let decode: stream::Decode<DecodedTaskList> =
            Arc::new(move |reader| decode_listed(reader, &large));
        let replied = self
            .get_reply(
                "/api/tasks",
                &tasks_query(filter),
                move |bytes| {
                    decode_listed(&mut &bytes[..], &small)
                        .ok()
                        .filter(|reply| reply.status != "error")
                },
                Some(decode),
                known.etag.as_deref(),
            )
            .await?;
        let tasks = match replied.reply {
            Reply::NotModified => return Ok(TaskListReply::NotModified),
            Reply::Decoded(reply) if reply.status != "error" => reply.tasks,
            Reply::Decoded(_) => return Err(self.says_error()),
            Reply::Json(reply) => self
                .decode::<task_list::ListedTasksResponse>(reply)?
                .tasks
                .0
                .into_iter()
                .map(|task| ListedEntry {
                    fingerprint: None,
                    task: Arc::new(task),
                })
                .collect(),
        };
        Ok(TaskListReply::Listed {
            tasks: keep_enabled_tasks(tasks, filter, |entry| entry.task.enabled),
            etag: replied.etag,
        })
    }

    /// A large success body that decoded but says `"status": "error"` (a small one is read
    /// as an error reply and tells its words).
    fn says_error(&self) -> ClientError {
        ClientError::BadReply {
            status: 200,
            host: self.host.clone(),
            detail: "a large reply that says \"error\"".to_string(),
        }
    }

    /// A `304 Not Modified` to a request that sent no `If-None-Match`: nothing to keep.
    fn unasked_not_modified(&self) -> ClientError {
        ClientError::BadReply {
            status: 304,
            host: self.host.clone(),
            detail: "\"not modified\", though nothing was asked about".to_string(),
        }
    }

    /// `GET /api/tasks?id=`: one task, `None` when no task has that id. The hosted API checks
    /// the owner's plan here (the run path, addendum §1.10): a task the plan no longer runs is
    /// [`ClientError::PlanLimit`].
    pub async fn get_task(&self, id: &str) -> Result<Option<Task>, ClientError> {
        let filter = TaskFilter {
            id: Some(id.to_string()),
            ..TaskFilter::default()
        };
        let tasks = self.list_tasks(&filter).await?;
        Ok(tasks.into_iter().find(|task| task.id == id))
    }

    /// [`RecoupClient::list_tasks`] as the whole reply body, as sent (for `--json`).
    pub async fn list_tasks_raw(&self, filter: &TaskFilter) -> Result<Value, ClientError> {
        let mut reply = self.get("/api/tasks", &tasks_query(filter)).await?;
        keep_enabled(&mut reply, filter);
        Ok(reply)
    }

    /// `POST /api/tasks`, after [`validate::check_create`]. Never sent twice: see
    /// [`ClientError::CreatedDespite`] and [`ClientError::CreateUnconfirmed`].
    pub async fn create_task(&self, draft: &CreateTask) -> Result<Task, ClientError> {
        let reply = self.create_task_raw(draft).await?;
        self.first_task(reply)
    }

    /// [`RecoupClient::create_task`] as the whole reply body. The body is cleaned first
    /// ([`crate::model::clean_create`]), so what is stored is clean text whoever calls.
    pub async fn create_task_raw(&self, draft: &CreateTask) -> Result<Value, ClientError> {
        let draft = &clean_create(draft);
        let started = Utc::now();
        validate::check_create(draft, started)?;
        let body = to_body(draft)?;
        match self.send_once(Method::POST, "/api/tasks", Some(body)).await {
            Ok(reply) => self.naming_a_task(reply, "the created task"),
            Err(cause) if cause.create_may_have_committed() => {
                Err(self.recover_create(draft, started, cause).await)
            }
            Err(other) => Err(other),
        }
    }

    /// After a create failed in a way that may have committed it, finds the task it made.
    async fn recover_create(
        &self,
        draft: &CreateTask,
        started: DateTime<Utc>,
        cause: ClientError,
    ) -> ClientError {
        let filter = TaskFilter {
            account_id: draft.account_id.clone(),
            artist_account_id: Some(draft.artist_account_id.clone()),
            ..TaskFilter::default()
        };
        let window = chrono::Duration::from_std(self.options.recovery_window)
            .unwrap_or_else(|_| chrono::Duration::minutes(5));
        let since = started - window;
        match self.list_tasks(&filter).await {
            Ok(tasks) => {
                let found = tasks
                    .into_iter()
                    .filter(|task| {
                        !task.id.is_empty()
                            && task.title == draft.title
                            && task.prompt == draft.prompt
                            && task.schedule == draft.schedule
                            && task.artist_account_id == draft.artist_account_id
                    })
                    .filter_map(|task| {
                        let created = parse_instant(task.created_at.as_deref()?)?;
                        (created >= since).then_some((created, task))
                    })
                    .max_by_key(|(created, _)| *created);
                match found {
                    Some((_, task)) => ClientError::CreatedDespite {
                        task: Box::new(task),
                        cause: Box::new(cause),
                    },
                    None => cause,
                }
            }
            Err(lookup) => ClientError::CreateUnconfirmed {
                cause: Box::new(cause),
                lookup: Box::new(lookup),
            },
        }
    }

    /// `PATCH /api/tasks`, after [`validate::check_update`]; the task as it is now.
    pub async fn update_task(&self, changes: &UpdateTask) -> Result<Task, ClientError> {
        let reply = self.update_task_raw(changes).await?;
        self.first_task(reply)
    }

    /// [`RecoupClient::update_task`] as the whole reply body. The changes are cleaned first
    /// ([`crate::model::clean_update`]).
    pub async fn update_task_raw(&self, changes: &UpdateTask) -> Result<Value, ClientError> {
        let changes = &clean_update(changes);
        validate::check_update(changes, Utc::now())?;
        let body = to_body(changes)?;
        let reply = self
            .send_once(Method::PATCH, "/api/tasks", Some(body))
            .await?;
        self.naming_a_task(reply, "the updated task")
    }

    /// `DELETE /api/tasks`: the whole reply body (`{"status":"success"}`).
    pub async fn delete_task(&self, id: &str) -> Result<Value, ClientError> {
        if !crate::model::is_uuid(id) {
            return Err(ClientError::Invalid {
                message: "id must be a valid UUID".to_string(),
                field: "id".to_string(),
            });
        }
        let body = to_body(&DeleteTask { id: id.to_string() })?;
        self.send_once(Method::DELETE, "/api/tasks", Some(body))
            .await
    }

    /// `POST /api/tasks/run`: fires task `id` now; the new run's id. A local extension: only
    /// the local server has this call (the hosted API answers 404 or 405).
    pub async fn run_task(&self, id: &str) -> Result<String, ClientError> {
        if !crate::model::is_uuid(id) {
            return Err(ClientError::Invalid {
                message: "id must be a valid UUID".to_string(),
                field: "id".to_string(),
            });
        }
        let body = to_body(&DeleteTask { id: id.to_string() })?;
        let reply = self
            .send_once(Method::POST, "/api/tasks/run", Some(body))
            .await?;
        let run_id = reply["runId"].as_str().unwrap_or_default();
        if crate::model::clean_line(run_id).trim().is_empty() {
            return Err(ClientError::BadReply {
                status: 200,
                host: self.host.clone(),
                detail: "the reply holds no run id".to_string(),
            });
        }
        Ok(run_id.to_string())
    }

    /// `GET /api/tasks/runs`: the account's recent runs, newest first.
    pub async fn list_runs(&self, query: &RunsQuery) -> Result<Vec<Run>, ClientError> {
        let reply = self.list_runs_raw(query).await?;
        Ok(self.decode::<RunsResponse>(reply)?.runs)
    }

    /// [`RecoupClient::list_runs`] as the whole reply body.
    pub async fn list_runs_raw(&self, query: &RunsQuery) -> Result<Value, ClientError> {
        let limit = query.limit.map(|limit| limit.to_string());
        let pairs = [
            ("limit", limit.as_deref()),
            ("account_id", query.account_id.as_deref()),
        ];
        self.get("/api/tasks/runs", &pairs).await
    }

    /// `GET /api/tasks/runs?runId=`: one run with its payload, output, error and attempts.
    /// `Ok(None)` when the reply holds no run.
    pub async fn get_run(&self, run_id: &str) -> Result<Option<Run>, ClientError> {
        let reply = self.get_run_raw(run_id).await?;
        Ok(self.decode::<RunsResponse>(reply)?.runs.into_iter().next())
    }

    /// [`RecoupClient::get_run`] as the whole reply body.
    pub async fn get_run_raw(&self, run_id: &str) -> Result<Value, ClientError> {
        if run_id.trim().is_empty() {
            return Err(ClientError::Invalid {
                message: "a run id is required".to_string(),
                field: "runId".to_string(),
            });
        }
        self.get("/api/tasks/runs", &[("runId", Some(run_id))])
            .await
    }

    /// `GET /api/accounts/id`: the account the key belongs to.
    pub async fn account_id(&self) -> Result<String, ClientError> {
        let reply = self.get("/api/accounts/id", &[]).await?;
        Ok(self.decode::<AccountIdResponse>(reply)?.account_id)
    }

    /// `GET /api/artists`: the artist accounts tasks can run for.
    pub async fn artists(&self) -> Result<Vec<Artist>, ClientError> {
        let reply = self.get("/api/artists", &[]).await?;
        Ok(self.decode::<ArtistsResponse>(reply)?.artists)
    }

    /// `GET /api/artists?org_id=`: an organisation's artists.
    pub async fn organization_artists(&self, org_id: &str) -> Result<Vec<Artist>, ClientError> {
        let reply = self
            .get("/api/artists", &[("org_id", Some(org_id))])
            .await?;
        Ok(self.decode::<ArtistsResponse>(reply)?.artists)
    }

    /// What the artist picker offers: the account's own artists, then those of each of its
    /// organisations (asked for together, at most [`MAX_ORGANIZATIONS`] of them). Only the
    /// account's own list failing is an error; an organisations' failure is kept as the
    /// directory's `problem` beside the artists that did load.
    pub async fn artist_directory(&self) -> Result<ArtistDirectory, ClientError> {
        let own = self.artists().await?;
        let organizations = match self.organizations(None).await {
            Ok(organizations) => organizations,
            Err(e) => {
                let mut directory = ArtistDirectory::from(own);
                directory.problem = Some(e.to_string());
                return Ok(directory);
            }
        };
        let organizations: Vec<&Organization> = organizations
            .iter()
            .filter(|o| !o.organization_id.is_empty())
            .take(MAX_ORGANIZATIONS)
            .collect();
        let lists = futures_util::future::join_all(
            organizations
                .iter()
                .map(|o| self.organization_artists(&o.organization_id)),
        )
        .await;
        let mut problem = None;
        let mut groups = Vec::new();
        for (organization, list) in organizations.iter().zip(lists) {
            let name = organization
                .organization_name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| organization.organization_id.clone());
            match list {
                Ok(artists) => groups.push((name, artists)),
                Err(e) => problem = problem.or_else(|| Some(format!("{name}: {e}"))),
            }
        }
        let mut directory = ArtistDirectory::new(own, groups);
        directory.problem = problem;
        Ok(directory)
    }

    /// `GET /api/ai/models`: the models a task may name (no key needed; the key is sent
    /// anyway and ignored). Entries that cannot be read as a model are left out.
    pub async fn models(&self) -> Result<Vec<AiModel>, ClientError> {
        let reply = self.get("/api/ai/models", &[]).await?;
        Ok(self.decode::<ModelsResponse>(reply)?.models)
    }

    /// `GET /api/organizations`: the organisations the key's account belongs to, or those of
    /// `account_id` (an account the key may act for).
    pub async fn organizations(
        &self,
        account_id: Option<&str>,
    ) -> Result<Vec<Organization>, ClientError> {
        let account_id = account_id.map(normalize_uuid);
        if account_id
            .as_deref()
            .is_some_and(|id| !crate::model::is_uuid(id))
        {
            return Err(ClientError::Invalid {
                message: "account_id must be a valid UUID".to_string(),
                field: "account_id".to_string(),
            });
        }
        let reply = self
            .get(
                "/api/organizations",
                &[("account_id", account_id.as_deref())],
            )
            .await?;
        Ok(self.decode::<OrganizationsResponse>(reply)?.organizations)
    }

    /// `reply` if its first task has an id (what a write's reply must name: the CLI prints it,
    /// the TUI selects by it), else a bad reply.
    fn naming_a_task(&self, reply: Value, which: &str) -> Result<Value, ClientError> {
        let id = reply["tasks"][0]["id"].as_str().unwrap_or_default();
        if crate::model::clean_line(id).trim().is_empty() {
            return Err(ClientError::BadReply {
                status: 200,
                host: self.host.clone(),
                detail: format!("the reply holds no id of {which}"),
            });
        }
        Ok(reply)
    }

    fn first_task(&self, reply: Value) -> Result<Task, ClientError> {
        self.decode::<TasksResponse>(reply)?
            .tasks
            .into_iter()
            .next()
            .ok_or_else(|| ClientError::BadReply {
                status: 200,
                host: self.host.clone(),
                detail: "the reply holds no task".to_string(),
            })
    }

    fn decode<T: serde::de::DeserializeOwned>(&self, reply: Value) -> Result<T, ClientError> {
        serde_json::from_value(reply).map_err(|err| ClientError::BadReply {
            status: 200,
            host: self.host.clone(),
            detail: err.to_string(),
        })
    }

    /// A GET, retried on connection failures, 5xx and 429.
    async fn get(&self, path: &str, query: &[(&str, Option<&str>)]) -> Result<Value, ClientError> {
        let replied = self
            .get_reply(path, query, |_| None, None::<stream::Decode<Value>>, None)
            .await?;
        match replied.reply {
            Reply::Decoded(value) | Reply::Json(value) => Ok(value),
            Reply::NotModified => Err(self.unasked_not_modified()),
        }
    }

    /// [`RecoupClient::get`], a successful JSON object decoded by `typed` when it can; with
    /// `If-None-Match: if_none_match` when given.
    async fn get_reply<T>(
        &self,
        path: &str,
        query: &[(&str, Option<&str>)],
        typed: impl Fn(&[u8]) -> Option<T>,
        streamed: Option<stream::Decode<T>>,
        if_none_match: Option<&str>,
    ) -> Result<Replied<T>, ClientError>
    where
        T: Send + 'static,
    {
        let mut url = format!("{}{path}", self.base_url);
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .filter_map(|(name, value)| value.filter(|v| !v.is_empty()).map(|v| (*name, v)))
            .collect();
        if !pairs.is_empty() {
            let encoded = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish();
            url.push('?');
            url.push_str(&encoded);
        }
        let mut attempt = 0;
        loop {
            let outcome = self
                .attempt(
                    Method::GET,
                    &url,
                    None,
                    &typed,
                    streamed.clone(),
                    if_none_match,
                )
                .await;
            let Err((error, retry_after)) = outcome else {
                return outcome.map_err(|(error, _)| error);
            };
            let retryable = match &error {
                ClientError::ConnectionRefused { .. } | ClientError::Connect { .. } => true,
                other => other
                    .status()
                    .is_some_and(|status| status >= 500 || status == 429),
            };
            if !retryable || attempt >= self.options.max_retries {
                return Err(error);
            }
            let wait = match retry_after {
                Some(wait) if wait > self.options.max_retry_wait => return Err(error),
                Some(wait) => wait,
                None => self.options.retry_delay * 2u32.saturating_pow(attempt),
            };
            tracing::debug!(%error, ?wait, attempt, "retrying GET");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// A request sent once (writes are never retried).
    async fn send_once(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Value, ClientError> {
        let url = format!("{}{path}", self.base_url);
        let replied = self
            .attempt(
                method,
                &url,
                body,
                &|_| None,
                None::<stream::Decode<Value>>,
                None,
            )
            .await;
        match replied.map(|replied| replied.reply) {
            Ok(Reply::Decoded(value) | Reply::Json(value)) => Ok(value),
            Ok(Reply::NotModified) => Err(self.unasked_not_modified()),
            Err((error, _)) => Err(error),
        }
    }

    /// One request: the reply's JSON on success (decoded by `typed` when it is a success
    /// object `typed` takes, or by `streamed` as it arrives when it is large), else the error
    /// and any `Retry-After`. With `if_none_match`, a `304` is [`Reply::NotModified`].
    async fn attempt<T: Send + 'static>(
        &self,
        method: Method,
        url: &str,
        body: Option<Vec<u8>>,
        typed: &impl Fn(&[u8]) -> Option<T>,
        streamed: Option<stream::Decode<T>>,
        if_none_match: Option<&str>,
    ) -> Result<Replied<T>, (ClientError, Option<Duration>)> {
        let mut request = self
            .http
            .request(method, url)
            .header(CONTENT_TYPE, "application/json");
        let if_none_match = if_none_match.and_then(|tag| HeaderValue::from_str(tag).ok());
        let asked = if_none_match.is_some();
        if let Some(tag) = if_none_match {
            request = request.header(IF_NONE_MATCH, tag);
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request
            .send()
            .await
            .map_err(|err| (self.transport_error(&err), None))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| reply::retry_after(text, Utc::now()));
        if status == StatusCode::NOT_MODIFIED && asked {
            return Ok(Replied {
                reply: Reply::NotModified,
                etag: None,
            });
        }
        let etag = status
            .is_success()
            .then(|| response.headers().get(ETAG))
            .flatten()
            .and_then(|value| value.to_str().ok())
            .filter(|tag| !tag.is_empty() && tag.len() <= MAX_ETAG)
            .map(str::to_string);
        let replied = |reply| Replied {
            reply,
            etag: etag.clone(),
        };
        let bytes = match streamed.filter(|_| status.is_success()) {
            Some(decode) => match self.read_or_decode(response, decode).await {
                Ok(Body::Decoded(decoded)) => return Ok(replied(Reply::Decoded(decoded))),
                Ok(Body::Whole(bytes)) => bytes,
                Err(error) => return Err((error, retry_after)),
            },
            None => self
                .read_body(response)
                .await
                .map_err(|error| (error, retry_after))?,
        };
        if status.is_success()
            && bytes.trim_ascii_start().starts_with(b"{")
            && let Some(decoded) = typed(&bytes)
        {
            return Ok(replied(Reply::Decoded(decoded)));
        }
        reply::interpret(status, &bytes, &self.host, &self.key_source, retry_after)
            .map(|json| replied(Reply::Json(json)))
            .map_err(|error| (error, retry_after))
    }

    /// The reply's body, chunk by chunk, refused once it passes
    /// [`ClientOptions::max_reply_bytes`] (before reading anything when `Content-Length` says so).
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, ClientError> {
        let limit = self.options.max_reply_bytes;
        let too_large = || ClientError::ReplyTooLarge {
            host: self.host.clone(),
            limit,
        };
        let announced = response.content_length().unwrap_or(0);
        if announced > limit as u64 {
            return Err(too_large());
        }
        let mut body = Vec::with_capacity(announced as usize);
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| self.transport_error(&err))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// A success body: read whole while it is small (then decoded as any reply is), decoded by
    /// `decode` as it arrives once it passes [`stream::STREAM_AFTER`], up to
    /// [`ClientOptions::max_list_bytes`].
    async fn read_or_decode<T: Send + 'static>(
        &self,
        mut response: reqwest::Response,
        decode: stream::Decode<T>,
    ) -> Result<Body<T>, ClientError> {
        let limit = self.options.max_list_bytes;
        let too_large = || ClientError::ReplyTooLarge {
            host: self.host.clone(),
            limit,
        };
        let announced = response.content_length().unwrap_or(0);
        if announced > limit as u64 {
            return Err(too_large());
        }
        let mut start = Vec::with_capacity((announced as usize).min(stream::STREAM_AFTER + 1));
        while start.len() <= stream::STREAM_AFTER {
            match response.chunk().await {
                Ok(Some(chunk)) if start.len() + chunk.len() > limit => return Err(too_large()),
                Ok(Some(chunk)) => start.extend_from_slice(&chunk),
                Ok(None) => return Ok(Body::Whole(start)),
                Err(err) => return Err(self.transport_error(&err)),
            }
        }
        let mut read = start.len();
        let decoder = stream::StreamDecoder::start(decode, start);
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(err) => {
                    decoder.abandon().await;
                    return Err(self.transport_error(&err));
                }
            };
            read += chunk.len();
            if read > limit {
                decoder.abandon().await;
                return Err(too_large());
            }
            if !decoder.feed(chunk).await {
                // The decoder stopped early: it failed, and says why below.
                break;
            }
        }
        let bad = |detail: String| ClientError::BadReply {
            status: 200,
            host: self.host.clone(),
            detail,
        };
        match decoder.finish().await {
            Ok(Ok(decoded)) => Ok(Body::Decoded(decoded)),
            Ok(Err(err)) => Err(bad(format!("not the expected JSON ({err})"))),
            Err(err) => Err(bad(format!("its decoding stopped ({err})"))),
        }
    }

    /// A reqwest failure as a [`ClientError`]. The URL is the base URL, never a query string,
    /// and without credentials.
    fn transport_error(&self, err: &reqwest::Error) -> ClientError {
        if err.is_redirect()
            && let Some(refusal) = redirect_refusal(err)
        {
            return ClientError::RedirectRefused(refusal);
        }
        if err.is_connect() && err.is_timeout() {
            return ClientError::Connect {
                url: self.shown_url.clone(),
                detail: format!(
                    "no connection within {} ms",
                    self.options.connect_timeout.as_millis()
                ),
            };
        }
        if err.is_timeout() {
            return ClientError::Timeout {
                url: self.shown_url.clone(),
                after: self.options.request_timeout,
            };
        }
        if err.is_connect() {
            let detail = innermost_cause(err);
            if detail.to_ascii_lowercase().contains("connection refused") {
                return ClientError::ConnectionRefused {
                    url: self.shown_url.clone(),
                };
            }
            return ClientError::Connect {
                url: self.shown_url.clone(),
                detail,
            };
        }
        if err.is_body() || err.is_decode() || err.is_request() {
            return ClientError::CutShort {
                host: self.host.clone(),
            };
        }
        ClientError::Connect {
            url: self.shown_url.clone(),
            detail: innermost_cause(err),
        }
    }
}

/// A successful reply: decoded straight from the body, or as JSON; or `304 Not Modified` to a
/// request with `If-None-Match`.
enum Reply<T> {
    Decoded(T),
    Json(Value),
    NotModified,
}

/// A reply and its ETag (a success's, as sent).
struct Replied<T> {
    reply: Reply<T>,
    etag: Option<String>,
}

/// The longest ETag kept (and sent back); a longer one is not kept.
const MAX_ETAG: usize = 256;

/// A success body as [`RecoupClient::read_or_decode`] leaves it.
enum Body<T> {
    Whole(Vec<u8>),
    Decoded(T),
}

/// The query of `GET /api/tasks` for `filter`. The hosted API reads `enabled=false` as true
/// (spec §2.2): ask for `true` only, and pick the disabled tasks out of the whole list
/// afterwards ([`keep_enabled`]), which is right on both servers.
fn tasks_query(filter: &TaskFilter) -> [(&'static str, Option<&str>); 4] {
    [
        ("id", filter.id.as_deref()),
        ("account_id", filter.account_id.as_deref()),
        ("artist_account_id", filter.artist_account_id.as_deref()),
        ("enabled", (filter.enabled == Some(true)).then_some("true")),
    ]
}

/// The tasks `filter.enabled` asks for, picked by the client, as [`keep_enabled`] does for a raw
/// reply (see [`tasks_query`]); `enabled` reads a task's flag in either list shape.
fn keep_enabled_tasks<T>(
    mut tasks: Vec<T>,
    filter: &TaskFilter,
    enabled: impl Fn(&T) -> Option<bool>,
) -> Vec<T> {
    if let Some(wanted) = filter.enabled {
        tasks.retain(|task| enabled(task).unwrap_or(true) == wanted);
    }
    tasks
}

/// Drops from a `GET /api/tasks` reply the tasks whose `enabled` is not the one `filter` asks for.
fn keep_enabled(reply: &mut Value, filter: &TaskFilter) {
    if let (Some(wanted), Some(tasks)) = (filter.enabled, reply["tasks"].as_array_mut()) {
        tasks.retain(|task| task["enabled"].as_bool().unwrap_or(true) == wanted);
    }
}

/// The [`crate::http::RedirectRefusal`] behind a redirect error, if the policy refused.
fn redirect_refusal(
    err: &(dyn std::error::Error + 'static),
) -> Option<crate::http::RedirectRefusal> {
    let mut current = err.source();
    while let Some(cause) = current {
        if let Some(refusal) = cause.downcast_ref::<crate::http::RedirectRefusal>() {
            return Some(refusal.clone());
        }
        current = cause.source();
    }
    None
}

/// The deepest `source()` of an error: the OS's words ("Connection refused (os error 111)")
/// rather than reqwest's wrapper.
fn innermost_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    let text = current.to_string();
    // Lower-case first letter and no "(os error N)": it reads as part of a sentence.
    let text = match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

fn to_body<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, ClientError> {
    serde_json::to_vec(value).map_err(|err| ClientError::Invalid {
        message: format!("cannot encode the request: {err}"),
        field: String::new(),
    })
}
