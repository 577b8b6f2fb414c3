//! Where the app keeps its files (XDG base directories; on macOS and Windows, their own
//! folders), and the config file's profiles: which Recoup API to talk to and with which key.
//!
//! Backend selection (first match wins):
//! 1. `--profile NAME`: that profile of the config file;
//! 2. `RECOUP_API_KEY` (and `RECOUP_API_URL`, default [`DEFAULT_API_URL`]), as the Recoup CLI;
//! 3. the config file's `default_profile`;
//! 4. local mode: the embedded local server over [`default_db_path`].
//!
//! The config file (`$XDG_CONFIG_HOME/recoup-tasks/config.toml`):
//!
//! ```toml
//! default_profile = "work"
//!
//! [[profiles]]
//! name = "work"
//! api_url = "https://recoup-api.vercel.app"   # optional, this is the default
//! api_key_command = "pass show recoup"         # or api_key = "recoup_sk_…" (file mode 0600)
//! ```
//!
//! A profile's key is used, and its command run, only when the file and its folder are the
//! user's and not writable by group or others (`strict_modes`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

mod credentials;
pub mod private_files;
pub mod shared_files;
mod strict_modes;
pub mod theme;

pub use credentials::without_credentials;

/// The hosted API, as the Recoup CLI defaults to it.
pub const DEFAULT_API_URL: &str = "https://recoup-api.vercel.app";
/// The key variable the Recoup CLI reads.
pub const API_KEY_VAR: &str = "RECOUP_API_KEY";
/// The URL variable the Recoup CLI reads.
pub const API_URL_VAR: &str = "RECOUP_API_URL";

/// `$XDG_DATA_HOME/recoup-tasks`, else `~/.local/share/recoup-tasks` (macOS:
/// `~/Library/Application Support/recoup-tasks`; Windows: `%LOCALAPPDATA%\recoup-tasks`),
/// else `./.recoup-tasks`.
pub fn data_dir() -> PathBuf {
    app_dir(Folder::Data)
}

/// The local server's database: `<data dir>/local.db`.
pub fn default_db_path() -> PathBuf {
    data_dir().join("local.db")
}

/// `$XDG_CONFIG_HOME/recoup-tasks`, else `~/.config/recoup-tasks` (macOS:
/// `~/Library/Application Support/recoup-tasks`; Windows: `%APPDATA%\recoup-tasks`), else
/// `./.recoup-tasks`.
pub fn config_dir() -> PathBuf {
    app_dir(Folder::Config)
}

/// The config file: `<config dir>/config.toml`.
pub fn config_path() -> PathBuf {
    config_dir().join("config.toml")
}

/// `$XDG_STATE_HOME/recoup-tasks`, else `~/.local/state/recoup-tasks` (macOS and Windows: the
/// data dir), else `./.recoup-tasks` (logs live here).
pub fn state_dir() -> PathBuf {
    app_dir(Folder::State)
}

/// The TUI's log file: `<state dir>/recoup-tasks.log` (never the terminal; never a key).
pub fn log_path() -> PathBuf {
    state_dir().join("recoup-tasks.log")
}

/// The app's folders, each an XDG base directory.
#[derive(Debug, Clone, Copy)]
enum Folder {
    Data,
    Config,
    State,
}

/// Where macOS and Windows keep what the XDG directories hold elsewhere; an XDG variable set
/// by the user still wins there.
const PLATFORM_CONVENTIONS: bool = cfg!(any(target_os = "macos", target_os = "windows"));

fn app_dir(folder: Folder) -> PathBuf {
    let (variable, home_relative): (&str, &[&str]) = match folder {
        Folder::Data => ("XDG_DATA_HOME", &[".local", "share"]),
        Folder::Config => ("XDG_CONFIG_HOME", &[".config"]),
        Folder::State => ("XDG_STATE_HOME", &[".local", "state"]),
    };
    let base = std::env::var_os(variable)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            if PLATFORM_CONVENTIONS {
                platform_dir(folder)
            } else {
                home_dir_joined(home_relative)
            }
        });
    match base {
        Some(base) => base.join("recoup-tasks"),
        None => PathBuf::from(".recoup-tasks"),
    }
}

/// `$HOME/<parts…>`, as the XDG specification defaults the base directories.
fn home_dir_joined(parts: &[&str]) -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(|home| {
            parts
                .iter()
                .fold(PathBuf::from(home), |path, part| path.join(part))
        })
}

/// The platform's own folder (the `dirs` crate knows them): a database and logs are local to
/// the machine (Windows' Local AppData), the config roams with the user.
fn platform_dir(folder: Folder) -> Option<PathBuf> {
    match folder {
        Folder::Data | Folder::State => dirs::data_local_dir(),
        Folder::Config => dirs::config_dir(),
    }
}

/// The config file as written. Unknown keys (the TUI's `theme`, say) are left to their readers.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ConfigFile {
    #[serde(default)]
    pub default_profile: Option<String>,
    /// The TUI's colours: `dark` (the default), `light`, or the path of a theme file (relative
    /// to the config file's directory).
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub profiles: Vec<Profile>,
}

/// One named backend.
#[derive(Clone, Deserialize)]
pub struct Profile {
    pub name: String,
    #[serde(default)]
    pub api_url: Option<String>,
    #[serde(default)]
    pub api_key: Option<String>,
    #[serde(default)]
    pub api_key_command: Option<String>,
    /// The account's plan (`free`, `starter`, `pro`) when the user knows it: the TUI's preview
    /// then marks a schedule the plan refuses before anything is sent.
    #[serde(default)]
    pub plan: Option<String>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("api_url", &self.api_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field(
                "api_key_command",
                &self.api_key_command.as_deref().map(command_program),
            )
            .field("plan", &self.plan)
            .finish()
    }
}

impl Profile {
    /// The profile's API URL, or the hosted default.
    pub fn url(&self) -> &str {
        self.api_url.as_deref().unwrap_or(DEFAULT_API_URL)
    }
}

impl ConfigFile {
    /// Reads `path`; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<Option<ConfigFile>, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(ConfigError::Read(path.to_path_buf(), err.to_string())),
        };
        Self::parse(&text)
            .map(Some)
            .map_err(|message| ConfigError::Parse(path.to_path_buf(), message))
    }

    /// Parses the file's text; the error is one line, without the file's contents (which may
    /// hold a key).
    pub fn parse(text: &str) -> Result<ConfigFile, String> {
        toml::from_str::<ConfigFile>(text).map_err(|err| {
            let message = without_quoted_values(err.message().trim());
            match err.span().and_then(|span| text.get(..span.start)) {
                Some(before) => {
                    let line = before.matches('\n').count() + 1;
                    format!("line {line}: {message}")
                }
                None => message,
            }
        })
    }

    /// The profile called `name`.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|profile| profile.name == name)
    }

    /// Whether any profile writes its key into the file.
    pub fn holds_a_key(&self) -> bool {
        self.profiles
            .iter()
            .any(|profile| profile.api_key.is_some())
    }
}

/// The program a key command runs, without its arguments (which may hold a secret).
pub fn command_program(command: &str) -> String {
    let program = command.split_whitespace().next().unwrap_or_default();
    format!("{program} …")
}

/// A parser message with long quoted values (`"recoup_sk_…"`) replaced by `…`: a value in the
/// wrong place may be a key.
fn without_quoted_values(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        match after.find(quote) {
            Some(close) => {
                let inner = &after[..close];
                out.push_str(if inner.chars().count() > 12 {
                    "…"
                } else {
                    inner
                });
                out.push(quote);
                rest = &after[close + 1..];
            }
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Why no backend could be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    Read(PathBuf, String),
    Parse(PathBuf, String),
    NoSuchProfile {
        name: String,
        path: PathBuf,
        known: Vec<String>,
    },
    ProfileWithoutKey {
        name: String,
    },
    KeyCommandFailed {
        profile: String,
        detail: String,
    },
    UrlWithoutKey,
    UrlFlagWithoutKey,
    /// The config file or its folder could have been written by someone else (see
    /// `strict_modes`): its key is not used, its key command not run.
    UnsafeConfigFile {
        profile: String,
        problem: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read(path, err) => write!(f, "cannot read {}: {err}", path.display()),
            ConfigError::Parse(path, err) => write!(f, "{}: {err}", path.display()),
            ConfigError::NoSuchProfile { name, path, known } if known.is_empty() => write!(
                f,
                "no profile named '{name}': {} defines no profiles",
                path.display()
            ),
            ConfigError::NoSuchProfile { name, path, known } => write!(
                f,
                "no profile named '{name}' in {} (profiles: {})",
                path.display(),
                known.join(", ")
            ),
            ConfigError::ProfileWithoutKey { name } => write!(
                f,
                "profile '{name}' has neither api_key nor api_key_command"
            ),
            ConfigError::KeyCommandFailed { profile, detail } => {
                write!(f, "api_key_command of profile '{profile}' failed: {detail}")
            }
            ConfigError::UrlWithoutKey => write!(
                f,
                "{API_URL_VAR} is set but {API_KEY_VAR} is not: set both for the hosted API, or unset {API_URL_VAR} for local mode"
            ),
            ConfigError::UnsafeConfigFile { profile, problem } => {
                write!(f, "not using the key of profile '{profile}': {problem}")
            }
            ConfigError::UrlFlagWithoutKey => write!(
                f,
                "--api-url needs a key: set {API_KEY_VAR} or choose a profile with --profile (without either, the app runs in local mode)"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Where a key came from — what a "key rejected" message names (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `RECOUP_API_KEY`.
    Environment,
    /// `api_key` of the named profile.
    Profile(String),
    /// `api_key_command` of the named profile.
    ProfileCommand(String),
    /// A key the embedded local server minted for this process.
    LocalSession,
    /// Handed to the client by its caller.
    Caller,
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Environment => write!(f, "the {API_KEY_VAR} environment variable"),
            KeySource::Profile(name) => write!(f, "api_key of profile '{name}'"),
            KeySource::ProfileCommand(name) => write!(f, "api_key_command of profile '{name}'"),
            KeySource::LocalSession => write!(f, "the local session"),
            KeySource::Caller => write!(f, "the caller"),
        }
    }
}

/// Why a profile was picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileReason {
    Flag,
    Default,
}

/// The backend the settings select, before any key command runs or server starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// `RECOUP_API_KEY`, at `url`.
    Environment { url: String },
    /// A profile of the config file.
    Profile {
        name: String,
        url: String,
        reason: ProfileReason,
        key: ProfileKey,
    },
    /// The embedded local server on `db_path`.
    Local { db_path: PathBuf },
}

/// How a profile supplies its key.
#[derive(Clone, PartialEq, Eq)]
pub enum ProfileKey {
    Inline(String),
    Command(String),
}

impl fmt::Debug for ProfileKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileKey::Inline(_) => f.write_str("Inline(<redacted>)"),
            ProfileKey::Command(command) => f
                .debug_tuple("Command")
                .field(&command_program(command))
                .finish(),
        }
    }
}

/// Everything the selection was made from, with warnings to show the user.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config_path: PathBuf,
    pub config_exists: bool,
    pub selection: Selection,
    /// E.g. a config file holding a key that others can read.
    pub warnings: Vec<String>,
    /// The config file's `theme`, for the TUI.
    pub theme: Option<String>,
    /// The selected profile's `plan`, as written.
    pub plan: Option<String>,
    /// `RECOUP_API_KEY`'s value when the selection uses it (kept out of `Debug`).
    env_key: Option<Secret>,
}

/// A string that never shows in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `****` and the last four characters (only `****` for a short value).
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// `****` and the last four characters of `key` when it is long enough to spare them.
pub fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < 16 {
        return "****".to_string();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("****{tail}")
}

/// The environment the selection reads, so tests can supply their own.
#[derive(Clone, Default)]
pub struct Environment {
    pub api_key: Option<String>,
    pub api_url: Option<String>,
    /// `--api-url`: the hosted API's address, over the variable and the profile's.
    pub api_url_flag: Option<String>,
    pub config_path: PathBuf,
    pub db_path: PathBuf,
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Environment")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("api_url", &self.api_url)
            .field("api_url_flag", &self.api_url_flag)
            .field("config_path", &self.config_path)
            .field("db_path", &self.db_path)
            .finish()
    }
}

impl Environment {
    /// This process's environment and XDG paths, and the `--api-url` flag. Empty values count
    /// as unset.
    pub fn from_process(api_url_flag: Option<&str>) -> Environment {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        Environment {
            api_key: var(API_KEY_VAR),
            api_url: var(API_URL_VAR),
            api_url_flag: api_url_flag
                .filter(|url| !url.is_empty())
                .map(str::to_string),
            config_path: config_path(),
            db_path: default_db_path(),
        }
    }
}

/// Chooses the backend from `--profile`, the environment and the config file.
pub fn select(profile_flag: Option<&str>, env: &Environment) -> Result<Settings, ConfigError> {
    let file = ConfigFile::load(&env.config_path)?;
    let mut warnings = Vec::new();
    if file.as_ref().is_some_and(ConfigFile::holds_a_key) {
        warnings.extend(readable_by_others(&env.config_path));
    }
    let from_profile = |name: &str, reason: ProfileReason| -> Result<Selection, ConfigError> {
        let empty = ConfigFile::default();
        let config = file.as_ref().unwrap_or(&empty);
        let profile = config
            .profile(name)
            .ok_or_else(|| ConfigError::NoSuchProfile {
                name: name.to_string(),
                path: env.config_path.clone(),
                known: config.profiles.iter().map(|p| p.name.clone()).collect(),
            })?;
        let key = match (&profile.api_key, &profile.api_key_command) {
            (Some(key), _) if !key.is_empty() => ProfileKey::Inline(key.clone()),
            (_, Some(command)) if !command.trim().is_empty() => {
                ProfileKey::Command(command.clone())
            }
            _ => {
                return Err(ConfigError::ProfileWithoutKey {
                    name: name.to_string(),
                });
            }
        };
        Ok(Selection::Profile {
            name: profile.name.clone(),
            url: env
                .api_url_flag
                .clone()
                .unwrap_or_else(|| profile.url().to_string()),
            reason,
            key,
        })
    };
    let (selection, env_key) = if let Some(name) = profile_flag {
        (from_profile(name, ProfileReason::Flag)?, None)
    } else if let Some(key) = &env.api_key {
        let url = env
            .api_url_flag
            .clone()
            .or_else(|| env.api_url.clone())
            .unwrap_or_else(|| DEFAULT_API_URL.to_string());
        (Selection::Environment { url }, Some(Secret::new(key)))
    } else if env.api_url.is_some() {
        return Err(ConfigError::UrlWithoutKey);
    } else if let Some(name) = file.as_ref().and_then(|f| f.default_profile.as_deref()) {
        (from_profile(name, ProfileReason::Default)?, None)
    } else if env.api_url_flag.is_some() {
        return Err(ConfigError::UrlFlagWithoutKey);
    } else {
        (
            Selection::Local {
                db_path: env.db_path.clone(),
            },
            None,
        )
    };
    // The profile's key comes from the file: only from a file nobody else could have written.
    if let Selection::Profile { name, .. } = &selection
        && let Some(problem) = strict_modes::problem_with(&env.config_path)
    {
        return Err(ConfigError::UnsafeConfigFile {
            profile: name.clone(),
            problem,
        });
    }
    let plan = match (&selection, &file) {
        (Selection::Profile { name, .. }, Some(file)) => {
            file.profile(name).and_then(|profile| profile.plan.clone())
        }
        _ => None,
    };
    Ok(Settings {
        config_path: env.config_path.clone(),
        config_exists: file.is_some(),
        selection,
        warnings,
        plan,
        theme: file.and_then(|file| file.theme),
        env_key,
    })
}

impl Settings {
    /// The key and where it came from, running a profile's `api_key_command` if it has one.
    /// `None` in local mode (the embedded server mints a session key).
    pub fn key(&self) -> Result<Option<(Secret, KeySource)>, ConfigError> {
        match &self.selection {
            Selection::Environment { .. } => Ok(self
                .env_key
                .clone()
                .map(|key| (key, KeySource::Environment))),
            Selection::Profile { name, key, .. } => match key {
                ProfileKey::Inline(key) => {
                    Ok(Some((Secret::new(key), KeySource::Profile(name.clone()))))
                }
                ProfileKey::Command(command) => run_key_command(name, command)
                    .map(|key| Some((key, KeySource::ProfileCommand(name.clone())))),
            },
            Selection::Local { .. } => Ok(None),
        }
    }
}

/// Runs `command` with `sh -c` and takes the first line of its output as the key (as `pass`
/// prints it). Its output never appears in an error.
fn run_key_command(profile: &str, command: &str) -> Result<Secret, ConfigError> {
    let failed = |detail: String| ConfigError::KeyCommandFailed {
        profile: profile.to_string(),
        detail,
    };
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|err| failed(format!("cannot run sh: {err}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or("").trim();
        let status = output.status.code().map_or_else(
            || "killed by a signal".to_string(),
            |c| format!("exit status {c}"),
        );
        return Err(failed(if first.is_empty() {
            status
        } else {
            format!("{status}: {first}")
        }));
    }
    let stdout = String::from_utf8(output.stdout)
        .map_err(|_| failed("its output is not UTF-8".to_string()))?;
    let key = stdout.lines().next().unwrap_or("").trim().to_string();
    if key.is_empty() {
        return Err(failed("it printed nothing".to_string()));
    }
    Ok(Secret::new(key))
}

/// A warning when `path` (which holds a key) can be read by its group or others.
#[cfg(unix)]
fn readable_by_others(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "{} holds an API key and is readable by others (mode {:o}); run: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_with(dir: &Path, config: Option<&str>) -> Environment {
        let config_path = dir.join("config.toml");
        if let Some(text) = config {
            std::fs::write(&config_path, text).unwrap();
        }
        Environment {
            api_key: None,
            api_url: None,
            api_url_flag: None,
            config_path,
            db_path: dir.join("local.db"),
        }
    }

    #[test]
    fn nothing_configured_selects_local_mode_on_the_data_dir_database() {
        let dir = tempfile::tempdir().unwrap();
        let env = env_with(dir.path(), None);
        let settings = select(None, &env).unwrap();
        assert_eq!(
            settings.selection,
            Selection::Local {
                db_path: dir.path().join("local.db")
            }
        );
        assert!(!settings.config_exists);
        assert_eq!(settings.key().unwrap(), None);
    }

    #[test]
    fn environment_key_beats_default_profile_and_url_defaults_to_hosted() {
        let dir = tempfile::tempdir().unwrap();
        let mut env = env_with(
            dir.path(),
            Some(
                "default_profile = \"w\"\n[[profiles]]\nname = \"w\"\napi_key_command = \"false\"\n",
            ),
        );
        env.api_key = Some("recoup_sk_envkey_0123456789".into());
        let settings = select(None, &env).unwrap();
        assert_eq!(
            settings.selection,
            Selection::Environment {
                url: DEFAULT_API_URL.into()
            }
        );
        let (key, source) = settings.key().unwrap().unwrap();
        assert_eq!(key.expose(), "recoup_sk_envkey_0123456789");
        assert_eq!(source, KeySource::Environment);
        assert!(!format!("{settings:?}").contains("envkey"));
    }

    #[test]
    fn profile_flag_beats_environment_and_runs_the_key_command() {
        let dir = tempfile::tempdir().unwrap();
        let mut env = env_with(
            dir.path(),
            Some(
                "[[profiles]]\nname = \"w\"\napi_url = \"http://x:1\"\napi_key_command = \"printf 'k-from-cmd\\\\nsecond'\"\n",
            ),
        );
        env.api_key = Some("other".into());
        let settings = select(Some("w"), &env).unwrap();
        let (key, source) = settings.key().unwrap().unwrap();
        assert_eq!(key.expose(), "k-from-cmd");
        assert_eq!(source, KeySource::ProfileCommand("w".into()));
        assert!(
            matches!(settings.selection, Selection::Profile { ref url, .. } if url == "http://x:1")
        );
    }

    #[test]
    fn the_selected_profiles_plan_is_read_and_the_environment_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut env = env_with(
            dir.path(),
            Some(
                "[[profiles]]\nname = \"w\"\napi_key = \"k\"\nplan = \"free\"\n[[profiles]]\nname = \"p\"\napi_key = \"k\"\n",
            ),
        );
        assert_eq!(
            select(Some("w"), &env).unwrap().plan.as_deref(),
            Some("free")
        );
        assert_eq!(select(Some("p"), &env).unwrap().plan, None);
        env.api_key = Some("recoup_sk_envkey_0123456789".into());
        assert_eq!(select(None, &env).unwrap().plan, None);
    }

    #[test]
    fn unknown_profile_names_the_known_ones() {
        let dir = tempfile::tempdir().unwrap();
        let env = env_with(
            dir.path(),
            Some("[[profiles]]\nname = \"a\"\napi_key = \"k\"\n"),
        );
        let err = select(Some("b"), &env).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "no profile named 'b' in {} (profiles: a)",
                env.config_path.display()
            )
        );
    }

    #[test]
    fn failing_key_command_reports_status_and_stderr_not_stdout() {
        let dir = tempfile::tempdir().unwrap();
        let env = env_with(
            dir.path(),
            Some(
                "default_profile = \"p\"\n[[profiles]]\nname = \"p\"\napi_key_command = \"echo secret-out; echo nope >&2; exit 3\"\n",
            ),
        );
        let err = select(None, &env).unwrap().key().unwrap_err();
        assert_eq!(
            err.to_string(),
            "api_key_command of profile 'p' failed: exit status 3: nope"
        );
    }

    #[test]
    fn the_theme_comes_from_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let env = env_with(dir.path(), Some("theme = \"light\"\n"));
        assert_eq!(select(None, &env).unwrap().theme.as_deref(), Some("light"));
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            select(None, &env_with(dir.path(), None)).unwrap().theme,
            None
        );
    }

    #[test]
    fn url_without_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut env = env_with(dir.path(), None);
        env.api_url = Some("http://127.0.0.1:1".into());
        assert_eq!(select(None, &env).unwrap_err(), ConfigError::UrlWithoutKey);
    }

    #[test]
    fn api_url_flag_beats_the_variable_and_the_profile_and_needs_a_key() {
        let dir = tempfile::tempdir().unwrap();
        let mut env = env_with(
            dir.path(),
            Some("[[profiles]]\nname = \"w\"\napi_url = \"http://x:1\"\napi_key = \"k\"\n"),
        );
        env.api_url_flag = Some("http://flag:2".into());
        let url_of = |settings: Settings| match settings.selection {
            Selection::Environment { url } | Selection::Profile { url, .. } => url,
            Selection::Local { .. } => "local".into(),
        };
        assert_eq!(url_of(select(Some("w"), &env).unwrap()), "http://flag:2");
        assert_eq!(
            select(None, &env).unwrap_err(),
            ConfigError::UrlFlagWithoutKey
        );
        env.api_key = Some("env-key".into());
        env.api_url = Some("http://variable:3".into());
        assert_eq!(url_of(select(None, &env).unwrap()), "http://flag:2");
    }

    #[cfg(unix)]
    #[test]
    fn key_in_a_world_readable_file_warns_and_a_private_file_does_not() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let env = env_with(
            dir.path(),
            Some("default_profile = \"p\"\n[[profiles]]\nname = \"p\"\napi_key = \"k\"\n"),
        );
        std::fs::set_permissions(&env.config_path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let warnings = select(None, &env).unwrap().warnings;
        assert_eq!(
            warnings,
            vec![format!(
                "{0} holds an API key and is readable by others (mode 644); run: chmod 600 {0}",
                env.config_path.display()
            )]
        );
        std::fs::set_permissions(&env.config_path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(select(None, &env).unwrap().warnings.is_empty());
    }

    #[test]
    fn parse_error_names_the_line_without_echoing_the_file() {
        let err =
            ConfigFile::parse("default_profile = \"a\"\napi_key = recoup_sk_secret\n").unwrap_err();
        assert!(err.starts_with("line 2: "), "{err}");
        assert!(!err.contains("recoup_sk_secret"), "{err}");
    }

    #[test]
    fn misplaced_key_value_is_not_echoed_by_a_type_error() {
        let err =
            ConfigFile::parse("default_profile = \"a\"\nprofiles = \"recoup_sk_secretsecret\"\n")
                .unwrap_err();
        assert!(err.starts_with("line 2: "), "{err}");
        assert!(!err.contains("secretsecret"), "{err}");
    }

    #[test]
    fn debug_of_a_profile_shows_neither_key_nor_command_arguments() {
        let profile = Profile {
            name: "p".into(),
            api_url: None,
            api_key: Some("recoup_sk_inline".into()),
            api_key_command: Some("echo recoup_sk_in_command".into()),
            plan: Some("free".into()),
        };
        let shown = format!("{profile:?}");
        assert!(!shown.contains("recoup_sk_"), "{shown}");
        assert!(shown.contains("echo …"), "{shown}");
    }

    #[test]
    fn mask_keeps_only_the_last_four_characters_of_a_long_key() {
        assert_eq!(mask("recoup_sk_abcdefghijklmnop"), "****mnop");
        assert_eq!(mask("short"), "****");
    }
}
