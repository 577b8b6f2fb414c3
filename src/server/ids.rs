//! Identifiers and secrets the local server mints, shaped like the hosted ones.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// `n` random bytes from the OS.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness is a broken machine; ids from a v4 UUID's generator still differ.
        for chunk in bytes.chunks_mut(16) {
            let random = uuid::Uuid::new_v4();
            chunk.copy_from_slice(&random.as_bytes()[..chunk.len()]);
        }
    }
    bytes
}

/// A random (v4) UUID, lowercase with dashes, as Postgres' `gen_random_uuid()` writes it.
pub fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A hosted-shaped API key: `recoup_sk_` + 43 base64url characters (32 random bytes).
pub fn api_key() -> String {
    format!("recoup_sk_{}", URL_SAFE_NO_PAD.encode(random_bytes::<32>()))
}

/// A Trigger.dev-shaped schedule id: `sched_` + 25 lowercase letters and digits.
pub fn schedule_id() -> String {
    format!("sched_{}", cuid_like())
}

/// A Trigger.dev-shaped run id: `run_` + 25 lowercase letters and digits.
pub fn run_id() -> String {
    format!("run_{}", cuid_like())
}

/// A Trigger.dev-shaped attempt id.
pub fn attempt_id() -> String {
    format!("attempt_{}", cuid_like())
}

fn cuid_like() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    random_bytes::<25>()
        .iter()
        .map(|byte| ALPHABET[usize::from(*byte) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_is_prefix_plus_43_base64url_chars() {
        let key = api_key();
        let rest = key.strip_prefix("recoup_sk_").unwrap();
        assert_eq!(rest.len(), 43);
        assert!(
            rest.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn ids_have_trigger_prefixes() {
        assert!(schedule_id().starts_with("sched_"));
        assert_eq!(run_id().len(), 4 + 25);
    }
}
