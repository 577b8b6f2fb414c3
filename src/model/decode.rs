//! Tolerant decoding helpers shared by the wire types: a `null` or a stray item never makes a
//! whole reply unreadable.

use chrono::{DateTime, Utc};
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
    use serde::{Deserializer, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        deserializer.deserialize_option(InstantVisitor)
    }

    /// Reads the text where it lies (no `String` is made for it): a list of 10,000 tasks holds
    /// 150,000 of these.
    struct InstantVisitor;

    impl<'de> serde::de::Visitor<'de> for InstantVisitor {
        type Value = Option<DateTime<Utc>>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an RFC 3339 timestamp or null")
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(super::parse_instant(text))
        }

        // Any other JSON value is no instant, as text that is not RFC 3339 is none.
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            Ok(None)
        }
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

    /// An instant as the servers write it: UTC with milliseconds.
    pub fn text(at: DateTime<Utc>) -> String {
        at.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

/// RFC 3339 text as the instant it names: the one reading of a server's timestamp. The
/// servers' own form (`2026-11-28T09:00:00.000Z`, with or without the milliseconds) is read
/// directly, a tenth of chrono's general parse; any other is left to chrono.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    utc_with_millis(text).or_else(|| {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|at| at.with_timezone(&Utc))
    })
}

/// `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn utc_with_millis(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let millis = match b.len() {
        20 => 0,
        24 if b[19] == b'.' => number(&b[20..23])?,
        _ => return None,
    };
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if *b.last()? != b'Z' {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::try_from(number(&b[0..4])?).ok()?,
        number(&b[5..7])?,
        number(&b[8..10])?,
    )?;
    let time = chrono::NaiveTime::from_hms_milli_opt(
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
        millis,
    )?;
    Some(date.and_time(time).and_utc())
}

fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::parse_instant as parse;
    use chrono::{DateTime, Utc};

    #[test]
    fn the_servers_timestamps_read_as_chrono_reads_them_and_others_fall_back() {
        for text in [
            "2026-11-28T09:00:00.000Z",
            "2026-11-28T09:00:00Z",
            "2024-02-29T23:59:59.999Z",
            "2026-11-28T09:00:00.5Z",
            "2026-11-28T18:00:00+09:00",
            "2026-11-28 09:00:00Z",
        ] {
            let chrono = DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|at| at.with_timezone(&Utc));
            assert_eq!(parse(text), chrono, "{text}");
        }
        for text in [
            "2026-02-30T09:00:00.000Z",
            "2026-11-28T24:00:00.000Z",
            "2026-1x-28T09:00:00Z",
            "",
            "Z",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
