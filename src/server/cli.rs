//! The server's command-line faces: `serve`, `accounts create`, `artists add`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::accounts::{self, ArtistOwner, Role, default_email, prepare_default_account};
use super::executor::Executor;
use super::models::models_from_file;
use super::runner::{DEFAULT_MAX_RUNNING, DEFAULT_RETENTION_DAYS};
use super::{DEFAULT_MAX_TASKS_PER_ACCOUNT, ServerConfig, start};
use crate::model::Plan;

/// `recoup-tasks serve`: the local Recoup Tasks API.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// Database file [default: local.db in the data dir, which `recoup-tasks config` shows].
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Make KEY (any non-empty string) a key of the default account. Other local users can
    /// read it in the process list (ps, /proc): prefer --api-key-file or RECOUP_SERVE_API_KEY.
    #[arg(long, value_name = "KEY", conflicts_with = "api_key_file")]
    pub api_key: Option<String>,
    /// Make the first line of PATH (trimmed) a key of the default account. Without either flag,
    /// the RECOUP_SERVE_API_KEY environment variable's value (if set) is used.
    #[arg(long, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,
    /// How runs are executed: echo, command:<shell command>, or openai:<base url>.
    #[arg(long, default_value = "echo", value_parser = clap::value_parser!(Executor))]
    pub executor: Executor,
    /// Email of the account created on an empty database [default: $USER@localhost].
    #[arg(long)]
    pub email: Option<String>,
    /// Put the default account on a plan (free, starter, pro), which the server then enforces
    /// like the hosted API; without it, an account keeps its plan and a new one has none
    /// (unrestricted).
    #[arg(long, value_parser = parse_plan)]
    pub plan: Option<Plan>,
    /// A JSON file of the models `GET /api/ai/models` lists: a list of AI Gateway entries
    /// (each with an "id"), or a whole reply {"models":[…]} [default: a built-in list].
    #[arg(long, value_name = "FILE")]
    pub models: Option<PathBuf>,
    /// How many runs may execute at once, across every account; later fires wait as QUEUED,
    /// in fire order, for a free slot.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_RUNNING,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    pub max_running: usize,
    /// How many tasks one account may have; a create beyond it is refused (403).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_TASKS_PER_ACCOUNT,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_tasks_per_account: u32,
    /// How many days finished runs (with their attempts and outputs) are kept; older ones are
    /// deleted at start and every hour.
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_RETENTION_DAYS,
          value_parser = clap::value_parser!(u64).range(1..=36_500))]
    pub run_retention_days: u64,
}

/// `recoup-tasks accounts …`
#[derive(Debug, Clone, clap::Args)]
pub struct AccountsArgs {
    #[command(subcommand)]
    pub command: AccountsCommand,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum AccountsCommand {
    /// Create an account and print its new API key (alone, on the last line).
    Create {
        /// The new account's email (several accounts may share one).
        #[arg(long)]
        email: String,
        /// Organisation to join, created if new. The Recoup organisation is refused here: its
        /// members are admins (see --admin).
        #[arg(long)]
        org: Option<String>,
        /// Make the account a Recoup admin: its key can read and change every account's tasks.
        #[arg(long)]
        admin: bool,
        /// The account's plan (free, starter, pro), enforced like the hosted API's; without
        /// one the account is unrestricted.
        #[arg(long, value_parser = parse_plan)]
        plan: Option<Plan>,
        /// Database file [default: local.db in the data dir, which `recoup-tasks config` shows].
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

/// `free`, `starter` or `pro`, any case.
fn parse_plan(name: &str) -> Result<Plan, String> {
    Plan::parse(name).ok_or_else(|| format!("unknown plan {name:?} (free, starter or pro)"))
}

/// `recoup-tasks artists …`
#[derive(Debug, Clone, clap::Args)]
pub struct ArtistsArgs {
    #[command(subcommand)]
    pub command: ArtistsCommand,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ArtistsCommand {
    /// Register an artist and print its account id. The artist is the default account's
    /// (created if the database has none) unless --email or --org names its owner.
    Add {
        /// The artist's name, as task lists show it.
        name: String,
        /// Make the artist this account's instead (the oldest account with the email).
        #[arg(long, conflicts_with = "org")]
        email: Option<String>,
        /// Make the artist this organisation's instead (by name or id; created if new), as
        /// listed by `GET /api/artists?org_id=…`.
        #[arg(long)]
        org: Option<String>,
        /// Database file [default: local.db in the data dir, which `recoup-tasks config` shows].
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

impl std::str::FromStr for Executor {
    type Err = String;
    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        Executor::parse(spec)
    }
}

fn db_path(db: Option<PathBuf>) -> PathBuf {
    db.unwrap_or_else(crate::config::default_db_path)
}

/// Print to stdout, ignoring a reader that has gone away.
fn say(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn fail(message: impl std::fmt::Display) -> i32 {
    eprintln!("Error: {message}");
    1
}

/// The variable `serve` reads a key from when neither `--api-key` nor `--api-key-file` is given
/// (`RECOUP_API_KEY` is the client's: a hosted key must not become a local one by accident).
pub const SERVE_API_KEY_VAR: &str = "RECOUP_SERVE_API_KEY";

/// The key `serve` makes for the default account: `--api-key`, else the first line of
/// `--api-key-file`, else [`SERVE_API_KEY_VAR`] (empty counts as unset, as for the client's
/// variables). The flag is visible to every local user in `/proc/<pid>/cmdline`; a file or the
/// environment (readable only by the user) is not.
fn serve_key(flag: Option<String>, file: Option<&Path>) -> Result<Option<String>, String> {
    if let Some(key) = flag {
        if key.is_empty() {
            return Err("--api-key must not be empty".to_string());
        }
        return Ok(Some(key));
    }
    if let Some(file) = file {
        return key_from_file(file).map(Some);
    }
    Ok(std::env::var(SERVE_API_KEY_VAR)
        .ok()
        .filter(|key| !key.is_empty()))
}

/// The first line of `file`, trimmed. A file others can write is refused (whoever writes it
/// chooses a key of the default account); one others can read is used with a warning.
fn key_from_file(file: &Path) -> Result<String, String> {
    let shown = file.display();
    let unreadable = |err: std::io::Error| format!("cannot read the key file {shown}: {err}");
    let text = std::fs::read_to_string(file).map_err(unreadable)?;
    let key = text.lines().next().unwrap_or_default().trim();
    if key.is_empty() {
        return Err(format!(
            "the key file {shown} is empty (its first line is the key)"
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file)
            .map_err(unreadable)?
            .permissions()
            .mode()
            & 0o777;
        if mode & 0o022 != 0 {
            return Err(format!(
                "the key file {shown} is writable by others (mode {mode:o}); run: chmod go-w {shown}"
            ));
        }
        if mode & 0o044 != 0 {
            eprintln!(
                "Warning: the key file {shown} is readable by others (mode {mode:o}); run: chmod 600 {shown}"
            );
        }
    }
    Ok(key.to_string())
}

/// Runs `serve` until Ctrl+C.
pub fn serve(args: ServeArgs) -> i32 {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => return fail(format!("cannot start the runtime: {err}")),
    };
    runtime.block_on(serve_async(args))
}

async fn serve_async(args: ServeArgs) -> i32 {
    let path = db_path(args.db);
    // Before anything is written: a key that cannot be read stops the server with nothing changed.
    let api_key = match serve_key(args.api_key, args.api_key_file.as_deref()) {
        Ok(key) => key,
        Err(message) => return fail(message),
    };
    // Before anything is written: a bad file stops the server with nothing changed.
    let models = match &args.models {
        Some(file) => match models_from_file(file) {
            Ok(models) => Some(models),
            Err(what) => {
                return fail(format!(
                    "cannot use the models file {}: {what}",
                    file.display()
                ));
            }
        },
        None => None,
    };
    let email = args.email.unwrap_or_else(default_email);
    let (opened, plan) = (path.clone(), args.plan);
    let prepared = tokio::task::spawn_blocking(move || {
        prepare_default_account(&opened, &email, api_key.as_deref(), plan)
    })
    .await;
    let new_key = match prepared {
        Ok(Ok(new_key)) => new_key,
        Ok(Err(err)) => return fail(format!("cannot open {}: {err}", path.display())),
        Err(err) => return fail(err),
    };
    let mut config = ServerConfig::new(&path);
    config.addr = args.addr;
    config.keep_lists_ready = true;
    config.map_database = true;
    config.runs.executor = args.executor;
    config.runs.max_running = args.max_running;
    config.runs.retention = Duration::from_secs(args.run_retention_days * 24 * 60 * 60);
    config.max_tasks_per_account = args.max_tasks_per_account;
    if let Some(models) = models {
        config.models = models;
    }
    let server = match start(config).await {
        Ok(server) => server,
        Err(err) => return fail(err),
    };
    // Listen for the stop signals before telling anyone the server is up, so a SIGTERM sent
    // right after the banner stops it cleanly instead of killing it.
    let stop = stop_signal();
    // The banner is for whoever started the server; if they stopped reading (`serve | head
    // -1`), the server keeps serving rather than dying on a closed stdout.
    let mut banner = format!(
        "Local Recoup Tasks API on {} (database {})\n",
        server.url,
        path.display()
    );
    match new_key {
        Some(key) => banner.push_str(&format!(
            "Created an account. Its API key is shown only this once:\n  export RECOUP_API_URL={} RECOUP_API_KEY={key}\n",
            server.url
        )),
        None => banner.push_str(&format!(
            "Point the CLI at it:\n  export RECOUP_API_URL={} RECOUP_API_KEY=<your key>\n",
            server.url
        )),
    }
    say(&banner);
    stop.await;
    say("Stopping.\n");
    server.stop().await;
    0
}

/// Completes on Ctrl+C (SIGINT) or SIGTERM (what service managers send). The handlers are
/// installed when this is called, not when the future is first polled.
#[cfg(unix)]
fn stop_signal() -> impl Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate()).ok();
    let mut interrupt = signal(SignalKind::interrupt()).ok();
    async move {
        tokio::select! {
            _ = receive(terminate.as_mut()) => {}
            _ = receive(interrupt.as_mut()) => {}
        }
    }
}

/// Completes on Ctrl+C, where there are no Unix signals (Windows). The handler is installed
/// when this is called, as on Unix.
#[cfg(windows)]
fn stop_signal() -> impl Future<Output = ()> {
    let ctrl_c = tokio::signal::windows::ctrl_c().ok();
    async move {
        match ctrl_c {
            Some(mut ctrl_c) => {
                ctrl_c.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    }
}

/// Waits for the signal, or forever when its handler could not be installed.
#[cfg(unix)]
async fn receive(signal: Option<&mut tokio::signal::unix::Signal>) {
    match signal {
        Some(signal) => {
            signal.recv().await;
        }
        None => std::future::pending().await,
    }
}

/// Runs `accounts create`.
pub fn accounts(args: AccountsArgs) -> i32 {
    match args.command {
        AccountsCommand::Create {
            email,
            org,
            admin,
            plan,
            db,
        } => {
            let role = if admin { Role::Admin } else { Role::Member };
            match accounts::create_account(&db_path(db), &email, org.as_deref(), plan, role) {
                Ok(account) => {
                    if role == Role::Admin {
                        eprintln!(
                            "Warning: this account is a Recoup admin: its key can read and \
                             change every account's tasks."
                        );
                    }
                    let on_plan = plan.map_or(String::new(), |plan| format!(" on plan {plan}"));
                    println!(
                        "Created account {} <{email}>{on_plan}. Its API key (shown only once):",
                        account.account_id
                    );
                    println!("{}", account.api_key);
                    0
                }
                Err(err) => fail(err),
            }
        }
    }
}

/// Runs `artists add`.
pub fn artists(args: ArtistsArgs) -> i32 {
    match args.command {
        ArtistsCommand::Add {
            name,
            email,
            org,
            db,
        } => {
            let owner = match (email, org) {
                (Some(email), _) => ArtistOwner::Email(email),
                (None, Some(org)) => ArtistOwner::Organization(org),
                (None, None) => ArtistOwner::DefaultAccount,
            };
            match accounts::add_artist(&db_path(db), &name, owner) {
                Ok(id) => {
                    println!("{id}");
                    0
                }
                Err(err) => fail(err),
            }
        }
    }
}
