//! The UUID rule of the hosted API's validation, for the client's checks before sending and
//! the local server's checks on arrival.

/// zod 4's `uuid()` (spec §2.0): 8-4-4-4-12 hex, version 1–8, variant 8/9/a/b, and the nil and
/// max UUIDs.
pub fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 36 {
        return false;
    }
    let shape_ok = bytes.iter().enumerate().all(|(i, byte)| match i {
        8 | 13 | 18 | 23 => *byte == b'-',
        _ => byte.is_ascii_hexdigit(),
    });
    if !shape_ok {
        return false;
    }
    if text.eq_ignore_ascii_case("00000000-0000-0000-0000-000000000000")
        || text.eq_ignore_ascii_case("ffffffff-ffff-ffff-ffff-ffffffffffff")
    {
        return true;
    }
    matches!(bytes[14], b'1'..=b'8')
        && matches!(bytes[19].to_ascii_lowercase(), b'8' | b'9' | b'a' | b'b')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_rule_follows_zod() {
        assert!(is_uuid("1B4E28BA-2FA1-41D2-883F-0016D3CCA427"));
        assert!(is_uuid("00000000-0000-0000-0000-000000000000"));
        assert!(is_uuid("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"));
        assert!(!is_uuid("1b4e28ba-2fa1-91d2-883f-0016d3cca427"));
        assert!(!is_uuid("1b4e28ba-2fa1-41d2-c83f-0016d3cca427"));
        assert!(!is_uuid("{1b4e28ba-2fa1-41d2-883f-0016d3cca427}"));
        assert!(!is_uuid(" 1b4e28ba-2fa1-41d2-883f-0016d3cca427"));
        assert!(!is_uuid("1b4e28ba2fa141d2883f0016d3cca427"));
    }
}
