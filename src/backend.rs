//! From settings to a ready client: the hosted API (environment or profile) or local mode,
//! where the local server is started in this process on the data-dir database — what both the
//! CLI and the TUI call.

use std::fmt;
use std::path::PathBuf;

use crate::client::{ClientError, ClientOptions, RecoupClient};
use crate::config::{self, ConfigError, KeySource, Selection, Settings};
use crate::model::Plan;
use crate::server::{self, RunningServer};

/// Which service the client talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendKind {
    /// The embedded local server over this database.
    Local { db_path: PathBuf },
    /// A Recoup API at this URL (as shown: without credentials).
    Hosted { url: String },
}

impl BackendKind {
    /// `local`, or the API's host (`recoup-api.vercel.app`): what a header calls the backend.
    pub fn label(&self) -> &str {
        match self {
            BackendKind::Local { .. } => "local",
            BackendKind::Hosted { url } => url
                .split_once("://")
                .map_or(url.as_str(), |(_, rest)| rest)
                .trim_end_matches('/'),
        }
    }
}

/// What the TUI's header says about the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendDescription {
    pub kind: BackendKind,
    /// The profile in use, if any.
    pub profile: Option<String>,
    /// The account the key belongs to, once known (always known in local mode).
    pub account_id: Option<String>,
}

impl fmt::Display for BackendDescription {
    /// `local`, or the host; then the profile and the account when known:
    /// `recoup-api.vercel.app · profile work · account 1b4e28ba…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.label())?;
        if let Some(profile) = &self.profile {
            write!(f, " · profile {profile}")?;
        }
        if let Some(account) = &self.account_id {
            let short: String = account.chars().take(8).collect();
            write!(f, " · account {short}…")?;
        }
        Ok(())
    }
}

/// Why no client could be made.
#[derive(Debug)]
pub enum BackendError {
    Config(ConfigError),
    LocalServer { db_path: PathBuf, detail: String },
    Client(ClientError),
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::Config(err) => err.fmt(f),
            BackendError::LocalServer { db_path, detail } => write!(
                f,
                "cannot start the local server on {}: {detail}",
                db_path.display()
            ),
            BackendError::Client(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for BackendError {}

impl From<ConfigError> for BackendError {
    fn from(err: ConfigError) -> Self {
        BackendError::Config(err)
    }
}

impl From<ClientError> for BackendError {
    fn from(err: ClientError) -> Self {
        BackendError::Client(err)
    }
}

/// A ready client, with the local server it talks to when in local mode.
pub struct Backend {
    pub client: RecoupClient,
    pub description: BackendDescription,
    /// Warnings to show the user (e.g. a config file holding a key that others can read).
    pub warnings: Vec<String>,
    /// The config file's `theme`, for the TUI.
    pub theme: Option<String>,
    /// The account's plan as the profile names it (`plan = "free"`), for the TUI's preview.
    pub plan: Option<Plan>,
    server: Option<RunningServer>,
}

impl fmt::Debug for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Backend")
            .field("client", &self.client)
            .field("description", &self.description)
            .field("warnings", &self.warnings)
            .field("local_server", &self.server.as_ref().map(|s| &s.url))
            .finish()
    }
}

impl Backend {
    /// Stops the embedded local server, if any (in-flight requests finish first).
    pub async fn shutdown(self) {
        if let Some(server) = self.server {
            server.stop().await;
        }
    }

    /// Asks the service which account the key belongs to and records it in the description.
    pub async fn fetch_account_id(&mut self) -> Result<&str, ClientError> {
        if self.description.account_id.is_none() {
            self.description.account_id = Some(self.client.account_id().await?);
        }
        Ok(self.description.account_id.as_deref().unwrap_or_default())
    }
}

/// Chooses the backend from `--profile`, `--api-url`, the environment and the config file, and makes a
/// client for it (starting the local server in local mode). Must run inside a tokio runtime.
pub async fn open(
    profile_flag: Option<&str>,
    api_url_flag: Option<&str>,
    options: ClientOptions,
) -> Result<Backend, BackendError> {
    let env = config::Environment::from_process(api_url_flag);
    let settings = config::select(profile_flag, &env)?;
    open_with(settings, options).await
}

/// The warning when the key is about to cross the network in the clear: plain http to a host
/// that is not this machine (the local server, on loopback, is exempt). Made once per backend,
/// so once per run.
fn cleartext_warning(client: &RecoupClient) -> Option<String> {
    client.key_in_clear_off_machine().then(|| {
        format!(
            "the API key goes over plain http to {}, which is not this machine: anyone on the network between can read it (use an https URL)",
            client.host()
        )
    })
}

/// [`open`] from settings already chosen.
pub async fn open_with(
    settings: Settings,
    options: ClientOptions,
) -> Result<Backend, BackendError> {
    let mut warnings = settings.warnings.clone();
    let theme = settings.theme.clone();
    let plan = settings.plan.as_deref().and_then(|name| {
        let plan = Plan::parse(name);
        if plan.is_none() {
            warnings.push(format!(
                "the profile's plan '{name}' is not free, starter or pro; ignored"
            ));
        }
        plan
    });
    let profile = match &settings.selection {
        Selection::Profile { name, .. } => Some(name.clone()),
        _ => None,
    };
    if let Selection::Local { db_path } = &settings.selection {
        let (server, session) =
            server::start_local(db_path)
                .await
                .map_err(|err| BackendError::LocalServer {
                    db_path: db_path.clone(),
                    detail: err.to_string(),
                })?;
        let client = RecoupClient::with_options(
            &server.url,
            session.api_key.clone(),
            KeySource::LocalSession,
            options,
        );
        let client = match client {
            Ok(client) => client,
            Err(err) => {
                server.stop().await;
                return Err(err.into());
            }
        };
        return Ok(Backend {
            client,
            description: BackendDescription {
                kind: BackendKind::Local {
                    db_path: db_path.clone(),
                },
                profile,
                account_id: Some(session.account_id),
            },
            warnings,
            theme,
            // The embedded server knows the account's plan; a profile's word is only a guess.
            plan: session.plan.or(plan),
            server: Some(server),
        });
    }
    let url = match &settings.selection {
        Selection::Environment { url } | Selection::Profile { url, .. } => url.clone(),
        Selection::Local { .. } => String::new(),
    };
    // A key command may prompt a password agent: keep it off the async threads.
    let keyed = tokio::task::spawn_blocking(move || settings.key())
        .await
        .map_err(|err| ConfigError::KeyCommandFailed {
            profile: profile.clone().unwrap_or_default(),
            detail: err.to_string(),
        })??;
    let Some((key, source)) = keyed else {
        return Err(ConfigError::UrlWithoutKey.into());
    };
    let client = RecoupClient::with_options(&url, key.expose(), source, options)?;
    if let Some(warning) = cleartext_warning(&client) {
        warnings.push(warning);
    }
    let profile = match client.key_source() {
        KeySource::Profile(name) | KeySource::ProfileCommand(name) => Some(name.clone()),
        _ => None,
    };
    Ok(Backend {
        client,
        description: BackendDescription {
            kind: BackendKind::Hosted {
                url: config::without_credentials(&url),
            },
            profile,
            account_id: None,
        },
        warnings,
        theme,
        plan,
        server: None,
    })
}
