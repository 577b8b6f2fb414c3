//! Starting the TUI for real: choose the backend, run each server effect with the Recoup client
//! on a tokio task, and hand the loop its start-up state.

use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::mpsc;

use crate::client::{ClientError, ClientOptions, RecoupClient, RunsQuery, TaskFilter};
use crate::model::UpdateTask;

use super::effect::ServerCall;
use super::event_loop::{self, Exit, LoopOptions, ServerEffects};
use super::glyphs::Glyphs;
use super::state::{Backend, Switched};
use super::theme::{ColorMode, Theme};
use super::{Action, Startup};

/// Runs the server effects with the client: one tokio task per request.
pub struct ClientEffects {
    current: Arc<Mutex<Current>>,
    /// The local mode the session started in, if it did: its client (its embedded server runs
    /// until the app ends), and what switching back to it shows.
    local: Option<(RecoupClient, Switched)>,
}

/// The client in use, and how many times it was switched (`:profile`).
struct Current {
    client: RecoupClient,
    epoch: u64,
}

impl ClientEffects {
    pub fn new(client: RecoupClient) -> ClientEffects {
        ClientEffects {
            current: Arc::new(Mutex::new(Current { client, epoch: 0 })),
            local: None,
        }
    }

    /// The session started in local mode on `client`: `:profile local` comes back to it.
    pub fn with_local(mut self, client: RecoupClient, switched: Switched) -> ClientEffects {
        self.local = Some((client, switched));
        self
    }
}

/// The lock, even after a panic elsewhere while it was held (it holds no invariant a panic
/// could break: a client and a counter).
fn lock(current: &Mutex<Current>) -> MutexGuard<'_, Current> {
    current
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl ClientEffects {
    /// The client calls start with now, and its epoch.
    fn current(&self) -> (RecoupClient, u64) {
        let current = lock(&self.current);
        (current.client.clone(), current.epoch)
    }

    /// Send the reply to a call started at `epoch`, unless a profile switch came since: checked
    /// and sent under the lock the switch takes, so no old reply slips in after the switch's
    /// own. Returns whether it was sent.
    fn reply_if_current(
        current: &Mutex<Current>,
        epoch: u64,
        reply: &mpsc::UnboundedSender<Action>,
        action: Action,
    ) -> bool {
        let current = lock(current);
        // The loop has quit when the channel is closed; nothing is waiting then.
        current.epoch == epoch && reply.send(action).is_ok()
    }

    /// From now on calls go to `client`; then `action` (the switch's reply) is sent.
    fn switch_to(
        current: &Mutex<Current>,
        client: Option<RecoupClient>,
        reply: &mpsc::UnboundedSender<Action>,
        action: Action,
    ) {
        let mut current = lock(current);
        if let Some(client) = client {
            current.client = client;
            current.epoch += 1;
        }
        let _ = reply.send(action);
    }
}

impl ServerEffects for ClientEffects {
    fn start(&self, call: ServerCall, reply: mpsc::UnboundedSender<Action>) {
        let (client, epoch) = self.current();
        let shared = Arc::clone(&self.current);
        tokio::spawn(async move {
            let action = perform(&client, call).await;
            ClientEffects::reply_if_current(&shared, epoch, &reply, action);
        });
    }

    fn switch_profile(&self, name: String, reply: mpsc::UnboundedSender<Action>) {
        let shared = Arc::clone(&self.current);
        tokio::spawn(async move {
            // The profile as the user asked for it: not the --api-url given at start.
            let opened = crate::backend::open(Some(&name), None, ClientOptions::default()).await;
            let (client, result) = match opened {
                Ok(backend) => {
                    let description = &backend.description;
                    let switched = Switched {
                        backend: Backend {
                            name: description.kind.label().to_string(),
                            profile: description.profile.clone(),
                            account: description.account_id.clone(),
                        },
                        plan: backend.plan,
                        warnings: backend.warnings.clone(),
                    };
                    (Some(backend.client.clone()), Ok(switched))
                }
                Err(err) => (None, Err(err.to_string())),
            };
            let action = Action::ProfileSwitched {
                profile: name,
                result,
            };
            ClientEffects::switch_to(&shared, client, &reply, action);
        });
    }

    fn switch_to_local(&self, reply: mpsc::UnboundedSender<Action>) {
        let (client, result) = match &self.local {
            Some((client, switched)) => (Some(client.clone()), Ok(switched.clone())),
            None => (
                None,
                Err("this session did not start in local mode".to_string()),
            ),
        };
        let action = Action::ProfileSwitched {
            profile: "local".to_string(),
            result,
        };
        ClientEffects::switch_to(&self.current, client, &reply, action);
    }
}

/// One server call, as the reply action the app expects.
async fn perform(client: &RecoupClient, call: ServerCall) -> Action {
    let what = match &call {
        ServerCall::LoadTasks { .. } => "list tasks",
        ServerCall::CheckTask { .. } => "read a task",
        ServerCall::LoadRuns { .. } => "list runs",
        ServerCall::LoadRun { .. } | ServerCall::FindRunTask { .. } => "read a run",
        ServerCall::LoadArtists { .. } => "list artists",
        ServerCall::LoadModels => "list models",
        ServerCall::LoadAccount => "read the account",
        ServerCall::CreateTask { .. } | ServerCall::CreateTasks { .. } => "create a task",
        ServerCall::UpdateTask { .. } | ServerCall::SetEnabled { .. } => "update a task",
        ServerCall::DeleteTask { .. } => "delete a task",
        ServerCall::RunTask { .. } => "run a task",
    };
    let logged = |err: ClientError| {
        tracing::warn!(error = %err, "cannot {what}");
        err
    };
    match call {
        ServerCall::LoadTasks { request, known } => Action::TasksLoaded {
            request,
            result: client
                .list_listed_tasks(&TaskFilter::default(), &known)
                .await
                .map_err(logged),
        },
        ServerCall::CheckTask { id } => Action::TaskChecked {
            result: client.get_task(&id).await.map(|_| ()).map_err(logged),
            id,
        },
        ServerCall::LoadRuns { request, limit } => Action::RunsLoaded {
            request,
            result: client
                .list_runs(&RunsQuery {
                    limit: Some(limit),
                    ..RunsQuery::default()
                })
                .await
                .map_err(logged),
        },
        ServerCall::LoadRun { request, id } => Action::RunLoaded {
            request,
            result: match client.get_run(&id).await {
                Ok(Some(run)) => Ok(Box::new(run)),
                Ok(None) => Err(run_not_found(&id)),
                Err(err) => Err(logged(err)),
            },
        },
        ServerCall::FindRunTask { id } => Action::RunTaskFound {
            result: match client.get_run(&id).await {
                Ok(Some(run)) => Ok(run.task_id().map(str::to_string)),
                Ok(None) => Err(run_not_found(&id)),
                Err(err) => Err(logged(err)),
            },
            run_id: id,
        },
        ServerCall::LoadArtists { request } => Action::ArtistsLoaded {
            request,
            result: client.artist_directory().await.map_err(logged),
        },
        ServerCall::LoadModels => Action::ModelsLoaded(client.models().await.map_err(logged)),
        ServerCall::LoadAccount => Action::AccountLoaded(client.account_id().await.map_err(logged)),
        ServerCall::CreateTask { request, body } => Action::TaskSaved {
            request,
            result: created(client.create_task(&body).await),
        },
        ServerCall::CreateTasks { request, bodies } => {
            let mut results = Vec::with_capacity(bodies.len());
            for body in bodies {
                let result = created(client.create_task(&body).await);
                results.push((body.artist_account_id, result));
            }
            Action::TasksCreated { request, results }
        }
        ServerCall::UpdateTask { request, body } => Action::TaskSaved {
            request,
            result: client.update_task(&body).await.map_err(logged),
        },
        ServerCall::SetEnabled {
            request,
            id,
            enabled,
        } => Action::TaskToggled {
            request,
            result: client
                .update_task(&UpdateTask {
                    id,
                    enabled: Some(Some(enabled)),
                    ..UpdateTask::default()
                })
                .await
                .map_err(logged),
        },
        ServerCall::RunTask { request, id, title } => Action::TaskRunStarted {
            request,
            title,
            result: client.run_task(&id).await.map_err(logged),
        },
        ServerCall::DeleteTask { request, id } => Action::TaskDeleted {
            request,
            result: client.delete_task(&id).await.map(|_| ()).map_err(logged),
            id,
        },
    }
}

/// A retrieve whose reply lists no run. The service answers an unknown id with an error of
/// its own; this is the rarer empty list, worded the same way the TUI always has.
fn run_not_found(id: &str) -> ClientError {
    ClientError::Api {
        status: 404,
        message: format!("Run {id} not found"),
        missing_fields: Vec::new(),
    }
}

/// A create whose reply was lost but which the client found committed is a success.
fn created(
    result: Result<crate::model::Task, ClientError>,
) -> Result<crate::model::Task, ClientError> {
    match result {
        Ok(task) => Ok(task),
        Err(ClientError::CreatedDespite { task, .. }) => Ok(*task),
        Err(err) => Err(err),
    }
}

/// The config file's profiles, which `:profile` completes; none when it cannot be read (the
/// backend chosen at start has said why already, if it mattered).
fn profile_names(config_path: &std::path::Path) -> Vec<String> {
    match crate::config::ConfigFile::load(config_path) {
        Ok(Some(file)) => file.profiles.into_iter().map(|p| p.name).collect(),
        Ok(None) | Err(_) => Vec::new(),
    }
}

/// Why the TUI cannot run here, if it cannot: no terminal on stdin and stdout (a pipe, a file,
/// a service), or one that cannot move the cursor (`TERM=dumb`).
fn terminal_refusal() -> Option<&'static str> {
    use std::io::IsTerminal;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        Some(
            "the TUI needs a terminal; \
             use recoup-tasks tasks (see recoup-tasks tasks --help) for scripts",
        )
    } else if std::env::var_os("TERM").is_some_and(|term| term == "dumb") {
        Some(
            "the TUI cannot draw on TERM=dumb; use recoup-tasks tasks (see recoup-tasks tasks --help) instead",
        )
    } else {
        None
    }
}

/// `recoup-tasks` with no subcommand: the TUI on the chosen backend. Returns the exit status:
/// 0 after `q`, 128 + the signal's number after SIGTERM, SIGHUP or SIGINT, 1 on an error.
pub fn run(profile: Option<&str>, api_url: Option<&str>) -> i32 {
    // Checked before anything is opened or written, so a refusal leaves the terminal as it was.
    if let Some(refusal) = terminal_refusal() {
        eprintln!("Error: {refusal}");
        return 1;
    }
    // The screen belongs to the app: the embedded server's and the client's lines go here.
    let log_warning = crate::logging::to_file(&crate::config::log_path()).err();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("Error: cannot start the async runtime: {err}");
            return 1;
        }
    };
    runtime.block_on(async {
        let backend = match crate::backend::open(profile, api_url, ClientOptions::default()).await {
            Ok(backend) => backend,
            Err(err) => {
                eprintln!("Error: {err}");
                return 1;
            }
        };
        for warning in &backend.warnings {
            eprintln!("Warning: {warning}");
        }
        let config_path = crate::config::config_path();
        let config_dir = config_path.parent().unwrap_or(std::path::Path::new("."));
        let (mut theme, theme_warning) =
            Theme::chosen(backend.theme.as_deref(), config_dir, ColorMode::detect());
        theme.glyphs = Glyphs::detect();
        let description = &backend.description;
        let startup = Startup {
            backend: Backend {
                name: description.kind.label().to_string(),
                profile: description.profile.clone(),
                account: description.account_id.clone(),
            },
            local: Some(crate::present::local_zone()),
            plan: backend.plan,
            profiles: profile_names(&config_path),
            warnings: theme_warning.into_iter().chain(log_warning).collect(),
            ..Startup::default()
        };
        let options = LoopOptions {
            theme,
            data_dir: crate::config::data_dir(),
            debug_panic_key: false,
        };
        let mut effects = ClientEffects::new(backend.client.clone());
        if matches!(description.kind, crate::backend::BackendKind::Local { .. }) {
            let back = Switched {
                backend: startup.backend.clone(),
                plan: backend.plan,
                warnings: Vec::new(),
            };
            effects = effects.with_local(backend.client.clone(), back);
        }
        let outcome = event_loop::run(startup, options, &effects).await;
        // Every way out of the loop stops the embedded server the same way.
        backend.shutdown().await;
        match outcome {
            Ok(Exit::Quit) => 0,
            Ok(Exit::Signal(signal)) => signal.exit_status(),
            Err(err) => {
                // Not `eprintln!`, which panics when the terminal is gone (a hangup).
                let _ = writeln!(std::io::stderr(), "Error: the terminal failed: {err}");
                1
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::KeySource;

    fn client(url: &str) -> RecoupClient {
        RecoupClient::with_options(url, "k", KeySource::Caller, ClientOptions::default())
            .unwrap_or_else(|e| panic!("client: {e}"))
    }

    #[test]
    fn replies_to_calls_started_before_a_profile_switch_are_dropped() {
        let effects = ClientEffects::new(client("http://127.0.0.1:9"));
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (_, before) = effects.current();
        let switched = Action::ProfileSwitched {
            profile: "b".into(),
            result: Err("stand-in".into()),
        };
        ClientEffects::switch_to(
            &effects.current,
            Some(client("http://127.0.0.1:10")),
            &tx,
            switched.clone(),
        );
        let (now, after) = effects.current();
        assert_eq!(now.host(), "127.0.0.1:10");
        let old = Action::AccountLoaded(Ok("account of a".into()));
        let new = Action::AccountLoaded(Ok("account of b".into()));
        assert!(!ClientEffects::reply_if_current(
            &effects.current,
            before,
            &tx,
            old
        ));
        assert!(ClientEffects::reply_if_current(
            &effects.current,
            after,
            &tx,
            new.clone()
        ));
        assert_eq!(rx.try_recv().ok(), Some(switched));
        assert_eq!(rx.try_recv().ok(), Some(new));
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn back_to_local_is_the_start_client_and_only_when_the_session_started_local() {
        use super::super::state::Backend;
        let local = Switched {
            backend: Backend {
                name: "local".into(),
                profile: None,
                account: Some("acct".into()),
            },
            plan: None,
            warnings: Vec::new(),
        };
        let (tx, mut rx) = mpsc::unbounded_channel();
        let started_hosted = ClientEffects::new(client("http://127.0.0.1:9"));
        started_hosted.switch_to_local(tx.clone());
        assert_eq!(started_hosted.current().0.host(), "127.0.0.1:9");
        assert_eq!(
            rx.try_recv().ok(),
            Some(Action::ProfileSwitched {
                profile: "local".into(),
                result: Err("this session did not start in local mode".into()),
            })
        );

        let effects = ClientEffects::new(client("http://127.0.0.1:9"))
            .with_local(client("http://127.0.0.1:11"), local.clone());
        let (_, before) = effects.current();
        effects.switch_to_local(tx);
        let (now, after) = effects.current();
        assert_eq!(now.host(), "127.0.0.1:11");
        assert_ne!(before, after, "replies to calls made before are dropped");
        assert_eq!(
            rx.try_recv().ok(),
            Some(Action::ProfileSwitched {
                profile: "local".into(),
                result: Ok(local),
            })
        );
    }

    #[test]
    fn a_failed_switch_keeps_the_client_and_its_replies() {
        let effects = ClientEffects::new(client("http://127.0.0.1:9"));
        let (tx, _rx) = mpsc::unbounded_channel();
        let (_, before) = effects.current();
        let failed = Action::ProfileSwitched {
            profile: "nosuch".into(),
            result: Err("no profile named 'nosuch'".into()),
        };
        ClientEffects::switch_to(&effects.current, None, &tx, failed);
        let reply = Action::AccountLoaded(Ok("account of a".into()));
        assert!(ClientEffects::reply_if_current(
            &effects.current,
            before,
            &tx,
            reply
        ));
    }
}
