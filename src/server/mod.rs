//! The local Recoup Tasks API: the hosted contract (spec `recoup-api.md` §1–§4, with the
//! divergences listed in README.md, "Divergences from the hosted API") over SQLite, with a real scheduler.
//!
//! Embed it with [`start`] (any address, e.g. `127.0.0.1:0`) or [`start_local`] (a free port
//! and a session key for the default account); `recoup-tasks serve` runs it from the command
//! line ([`cli`]).

pub mod accounts;
mod artists;
mod auth;
pub mod cli;
pub mod clock;
mod connections;
mod enrich;
mod error;
pub mod executor;
mod heartbeat;
mod ids;
mod interruption;
mod list_entries;
mod missed;
pub mod models;
mod organizations;
mod plan_gate;
mod prune;
mod query;
mod routes;
mod runner;
mod scheduler;
mod slots;
pub mod store;
// Runs a command under a forked watcher on Unix; elsewhere a killed-on-drop child.
#[cfg(unix)]
mod supervisor;
#[cfg(not(unix))]
#[path = "supervisor_fallback.rs"]
mod supervisor;
mod tasks;
mod trigger;
mod validate;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::{Notify, mpsc, watch};
use tokio::task::JoinHandle;

pub use cli::{AccountsArgs, ArtistsArgs, ServeArgs};
pub use clock::Clock;
pub use connections::ConnectionLimits;
pub use executor::Executor;
pub use runner::RunSettings;
use store::{Store, StoreError};

/// What the request handlers and the scheduler share.
#[derive(Clone)]
pub struct AppState {
    store: Store,
    clock: Clock,
    /// Poked after every task change so the scheduler re-plans at once.
    wake: Arc<Notify>,
    /// Each task's serialised list entry, kept while it holds.
    list_entries: Arc<list_entries::ListEntries>,
    /// What `GET /api/ai/models` lists.
    models: models::ModelList,
    /// How many tasks one account may have.
    max_tasks_per_account: u32,
    /// Where `POST /api/tasks/run` hands the runs it stored to the scheduler: set while this
    /// process's scheduler runs (holds the database's lock), `None` otherwise.
    run_requests: Arc<Mutex<RunRequests>>,
}

/// Where this process's scheduler stands, as `POST /api/tasks/run` needs to know it.
#[derive(Debug, Clone, Default)]
pub(crate) enum RunRequests {
    /// Not yet started, or stopped: a run-now waits a moment, then is refused.
    #[default]
    NotRunning,
    /// Another process holds the database's scheduler lock; this one waits for it.
    Elsewhere,
    /// The scheduler runs here and takes run requests.
    Here(mpsc::UnboundedSender<runner::RequestedRun>),
}

impl AppState {
    fn wake_scheduler(&self) {
        self.wake.notify_one();
    }

    fn run_requests(&self) -> MutexGuard<'_, RunRequests> {
        // A panic while holding this lock leaves a plain sender behind: still usable.
        self.run_requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// How to run a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub db_path: PathBuf,
    /// `127.0.0.1:0` picks a free port.
    pub addr: SocketAddr,
    pub clock: Clock,
    /// Whether to run the scheduler (it still runs only if no other process holds the lock).
    pub scheduler: bool,
    pub runs: RunSettings,
    /// What `GET /api/ai/models` lists ([`models::default_models`] unless `serve --models`).
    pub models: models::ModelList,
    /// How many tasks one account may have (`serve --max-tasks-per-account`); a create beyond
    /// it is refused.
    pub max_tasks_per_account: u32,
    /// Timeouts, the cap on open connections and the shutdown deadline.
    pub connections: ConnectionLimits,
    /// Whether to make tasks' list entries in the background after changes (`serve`, which
    /// many clients poll), rather than only when a list is asked for (local mode).
    pub keep_lists_ready: bool,
    /// Whether readers map the database file ([`store::Store::open_mapped`]): `serve`.
    pub map_database: bool,
}

/// The default cap on one account's tasks.
pub const DEFAULT_MAX_TASKS_PER_ACCOUNT: u32 = 1000;

impl ServerConfig {
    /// Defaults: loopback on a free port, system clock, scheduler on, echo executor.
    pub fn new(db_path: impl Into<PathBuf>) -> Self {
        ServerConfig {
            db_path: db_path.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            clock: Clock::System,
            scheduler: true,
            runs: RunSettings::default(),
            models: models::default_models(),
            max_tasks_per_account: DEFAULT_MAX_TASKS_PER_ACCOUNT,
            connections: ConnectionLimits::default(),
            keep_lists_ready: false,
            map_database: false,
        }
    }
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServerError {
    Store(StoreError),
    Bind(SocketAddr, std::io::Error),
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServerError::Store(err) => write!(f, "cannot open the database: {err}"),
            ServerError::Bind(addr, err) => write!(f, "cannot listen on {addr}: {err}"),
        }
    }
}

impl std::error::Error for ServerError {}

impl From<StoreError> for ServerError {
    fn from(err: StoreError) -> Self {
        ServerError::Store(err)
    }
}

/// A server running in this process. Dropping it stops nothing; call [`RunningServer::stop`].
pub struct RunningServer {
    /// `http://127.0.0.1:<port>`
    pub url: String,
    pub addr: SocketAddr,
    pub store: Store,
    pub clock: Clock,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    /// The key [`start_local`] minted, revoked when the server stops.
    session_key: Option<String>,
}

impl RunningServer {
    /// Stops accepting requests, lets in-flight ones finish (for at most the configured
    /// [`ConnectionLimits::shutdown_grace`]), and stops the scheduler, which ends the runs in
    /// progress (their commands too) and records them as interrupted. A local session's key is
    /// revoked: it ends with the session.
    pub async fn stop(self) {
        self.shutdown.send_replace(true);
        for task in self.tasks {
            let _ = task.await;
        }
        if let Some(key) = self.session_key {
            let revoked = self
                .store
                .write(move |tx, secret| Store::remove_api_key(tx, secret, &key))
                .await;
            if let Err(err) = revoked {
                // It expires on its own; the next start prunes it then.
                tracing::warn!(%err, "could not revoke the session key");
            }
        }
    }
}

/// Opens the database and starts serving (and scheduling) in the background.
/// Must be called inside a tokio runtime.
pub async fn start(config: ServerConfig) -> Result<RunningServer, ServerError> {
    let path = config.db_path.clone();
    let mapped = config.map_database;
    let store = tokio::task::spawn_blocking(move || {
        if mapped {
            Store::open_mapped(&path)
        } else {
            Store::open(&path)
        }
    })
    .await
    .map_err(|err| StoreError::Worker(err.to_string()))??;
    let listener =
        connections::listen(config.addr).map_err(|err| ServerError::Bind(config.addr, err))?;
    let addr = listener
        .local_addr()
        .map_err(|err| ServerError::Bind(config.addr, err))?;
    let state = AppState {
        store: store.clone(),
        clock: config.clock.clone(),
        wake: Arc::new(Notify::new()),
        list_entries: Arc::default(),
        models: config.models.clone(),
        max_tasks_per_account: config.max_tasks_per_account,
        run_requests: Arc::default(),
    };
    let (shutdown, _) = watch::channel(false);
    let mut tasks = Vec::new();
    let app = routes::router(state.clone(), config.connections.request_timeout);
    let max_connections = config
        .connections
        .max_connections
        .unwrap_or_else(|| connections::default_max_connections(connections::raise_file_limit()));
    tasks.push(tokio::spawn(connections::serve(
        listener,
        app,
        config.connections,
        max_connections,
        shutdown.subscribe(),
    )));
    if config.keep_lists_ready {
        tasks.push(tokio::spawn(list_entries::keep_ready(
            store.clone(),
            config.clock.clone(),
            state.list_entries.clone(),
            shutdown.subscribe(),
        )));
    }
    if config.scheduler {
        tasks.push(tokio::spawn(scheduler::run(
            state,
            config.runs,
            shutdown.subscribe(),
        )));
    }
    tracing::info!(%addr, db = %config.db_path.display(), "local Recoup Tasks API listening");
    Ok(RunningServer {
        url: format!("http://{addr}"),
        addr,
        store,
        clock: config.clock,
        shutdown,
        tasks,
        session_key: None,
    })
}

/// Credentials for talking to an embedded server.
#[derive(Clone)]
pub struct LocalSession {
    pub account_id: String,
    /// The account's plan (`accounts create --plan`, `serve --plan`); `None` is unrestricted.
    pub plan: Option<crate::model::Plan>,
    /// A key minted for this session (kept in memory only; revoked when the server stops,
    /// else expires after 30 days).
    pub api_key: String,
}

impl std::fmt::Debug for LocalSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalSession")
            .field("account_id", &self.account_id)
            .field("api_key", &"<redacted>")
            .finish()
    }
}

/// Starts the API on `127.0.0.1:<free port>` over `db_path` for local mode (the TUI and the
/// CLI without a hosted key), creating the default account on an empty database, and mints a
/// session key for it (keys that expired are pruned first), which [`RunningServer::stop`]
/// revokes.
pub async fn start_local(
    db_path: impl Into<PathBuf>,
) -> Result<(RunningServer, LocalSession), ServerError> {
    let mut server = start(ServerConfig::new(db_path)).await?;
    let store = server.store.clone();
    let now = server.clock.now();
    let minted = tokio::task::spawn_blocking(move || accounts::session_key(&store, now)).await;
    let session = match minted {
        Ok(Ok(session)) => session,
        Ok(Err(err)) => {
            server.stop().await;
            return Err(err.into());
        }
        Err(err) => {
            server.stop().await;
            return Err(StoreError::Worker(err.to_string()).into());
        }
    };
    server.session_key = Some(session.api_key.clone());
    Ok((server, session))
}
