//! The zone names the hosted scheduler accepts (being generated from the oracle's Node).

use chrono_tz::Tz;

/// The zone a task uses when none is given.
pub const DEFAULT_ZONE: &str = "UTC";

/// Why a zone name is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneError {
    /// The tz database knows the name, but the hosted scheduler's list lacks it.
    NotAccepted(String),
    /// No zone at all by that name.
    Unknown(String),
}

impl std::fmt::Display for ZoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ZoneError::NotAccepted(name) | ZoneError::Unknown(name) => {
                write!(f, "Invalid IANA timezone: '{name}'")
            }
        }
    }
}

impl std::error::Error for ZoneError {}

/// The zone for `name` if the hosted scheduler accepts it.
pub fn resolve(name: &str) -> Result<Tz, ZoneError> {
    name.parse::<Tz>()
        .map_err(|_| ZoneError::Unknown(name.to_string()))
}
