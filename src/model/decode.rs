//! Tolerant decoding helpers shared by the wire types: a `null` or a stray item never makes a
//! whole reply unreadable.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// `null` decodes as the type's default, so a `null` where a value was expected is not fatal.
pub(super) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Writes `59000` rather than `59000.0`, as a JavaScript server would.
pub(super) fn whole_as_integer<S: serde::Serializer>(
    value: &f64,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

/// Keeps the string items of an array, as the API does for `upcoming`.
pub(super) fn strings_only<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    let items = Option::<Vec<Value>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(items
        .into_iter()
        .filter_map(|item| match item {
            Value::String(text) => Some(text),
            _ => None,
        })
        .collect())
}

/// Tells a present `null` (`Some(None)`) from an absent field (`None`).
pub(super) fn present_or_null<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<bool>>, D::Error> {
    Ok(Some(Option::<bool>::deserialize(deserializer)?))
}

/// A timestamp kept as the instant it names (12 bytes, no allocation): `null`, a missing value
/// or text that is not RFC 3339 is `None`.
pub(super) mod instant_or_none {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        let text = Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(text.as_deref().and_then(parse))
    }

    pub fn serialize<S: Serializer>(
        at: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => serializer.serialize_str(&text(*at)),
            None => serializer.serialize_none(),
        }
    }

    /// RFC 3339 text as the instant it names.
    pub fn parse(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|at| at.with_timezone(&Utc))
    }

    /// An instant as the servers write it: UTC with milliseconds.
    pub fn text(at: DateTime<Utc>) -> String {
        at.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}
