//! The JavaScript built-ins whose exact behaviour shows through in cron-parser's rules and
//! messages and in cronstrue's sentences: `Number(text)`,
//! `String.prototype.trim`, `parseInt`, `Number.prototype.toString`, cronstrue's two-digit
//! padding (which works on UTF-16 code units) and its `%s` formatter.
//!
//! cronstrue feeds raw expression text through these, so odd input (a `0x` prefix, a
//! twenty-digit hour, a non-ASCII minute) yields odd but deterministic text; reproducing the
//! built-ins keeps those cases identical too.

/// JavaScript's white space and line terminators (what `trim`, `parseInt` and `\s` skip).
/// Differs from Rust's `char::is_whitespace`: U+FEFF is included, U+0085 is not.
pub(crate) fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{D}'
            | ' '
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// `+text` for the characters a cron field can hold: `""` is 0, an optional `-` and digits are
/// a number, anything else is NaN.
pub(crate) fn js_number(text: &str) -> f64 {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if text.is_empty() {
        return 0.0;
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return f64::NAN;
    }
    // Up to 15 digits the value is exact in a double; beyond, Rust and JavaScript both round
    // a decimal string to the nearest double.
    let magnitude = if digits.len() <= 15 {
        digits
            .bytes()
            .fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64
    } else {
        digits.parse::<f64>().unwrap_or(f64::NAN)
    };
    if text.starts_with('-') {
        -magnitude
    } else {
        magnitude
    }
}

/// `s.trim()`.
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

/// `parseInt(s, 10)`: NaN when `s` does not start (after white space and a sign) with a digit.
pub(crate) fn parse_int_decimal(s: &str) -> f64 {
    parse_int(s, false)
}

/// `parseInt(s)` with no radix, which also reads a `0x` / `0X` prefix as hexadecimal.
pub(crate) fn parse_int_auto(s: &str) -> f64 {
    parse_int(s, true)
}

fn parse_int(s: &str, hex_prefix_allowed: bool) -> f64 {
    let s = s.trim_start_matches(is_js_whitespace);
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let hex_digits = if hex_prefix_allowed {
        s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))
    } else {
        None
    };
    let magnitude = match hex_digits {
        Some(rest) => {
            let digits = leading(rest, |b| b.is_ascii_hexdigit());
            if digits.is_empty() {
                return f64::NAN;
            }
            digits.bytes().fold(0.0, |acc, b| {
                acc * 16.0 + f64::from(char::from(b).to_digit(16).unwrap_or(0))
            })
        }
        None => {
            let digits = leading(s, |b| b.is_ascii_digit());
            if digits.is_empty() {
                return f64::NAN;
            }
            // A run of ASCII digits always parses (to infinity when too long, as in JS).
            digits.parse::<f64>().unwrap_or(f64::NAN)
        }
    };
    if negative { -magnitude } else { magnitude }
}

/// The longest prefix of `s` made of bytes satisfying `accept` (all ASCII, so a char boundary).
fn leading(s: &str, accept: impl Fn(u8) -> bool) -> &str {
    let end = s.bytes().position(|b| !accept(b)).unwrap_or(s.len());
    &s[..end]
}

/// `String(n)` for a number: shortest round-trip digits, exponent form from 1e21 up.
pub(crate) fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_string();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if n == 0.0 {
        // Also -0, which JavaScript prints as "0".
        return "0".to_string();
    }
    let magnitude = n.abs();
    if (1e-6..1e21).contains(&magnitude) {
        return format!("{n}");
    }
    // Rust writes `1e21` / `1e-7`; JavaScript writes `1e+21` / `1e-7`.
    let exponential = format!("{n:e}");
    match exponential.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => {
            format!("{mantissa}e+{exponent}")
        }
        _ => exponential,
    }
}

/// cronstrue's `("00" + s).substring(s.length)`: the last two UTF-16 code units of `"00" + s`,
/// so `"5"` → `"05"`, `"123"` → `"23"`. A surrogate pair cut in half becomes U+FFFD.
pub(crate) fn pad2(s: &str) -> String {
    if s.is_ascii() {
        return match s.len() {
            0 => "00".to_string(),
            1 => format!("0{s}"),
            n => s[n - 2..].to_string(),
        };
    }
    let units: Vec<u16> = "00".encode_utf16().chain(s.encode_utf16()).collect();
    String::from_utf16_lossy(&units[units.len() - 2..])
}

/// cronstrue's `StringUtilities.format`: each `%s` of `template` in turn takes the next value,
/// or the text `undefined` once the values run out. Values are not rescanned.
pub(crate) fn format(template: &str, values: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.len()).sum::<usize>());
    let mut values = values.iter();
    let mut pieces = template.split("%s");
    if let Some(first) = pieces.next() {
        out.push_str(first);
    }
    for piece in pieces {
        out.push_str(values.next().copied().unwrap_or("undefined"));
        out.push_str(piece);
    }
    out
}

/// `s.charAt(0).toLocaleUpperCase() + s.substr(1)`. A character outside the Basic
/// Multilingual Plane is two code units in JavaScript, and a lone surrogate has no upper
/// case, so such a first character is left as it is.
pub(crate) fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) if u32::from(first) <= 0xFFFF => {
            let mut out = String::with_capacity(s.len() + 2);
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
            out
        }
        _ => s.to_string(),
    }
}

/// `names[n]` for a JavaScript array: the text `undefined` unless `n` is a valid index.
pub(crate) fn index<'a>(names: &[&'a str], n: f64) -> &'a str {
    if n >= 0.0 && n.fract() == 0.0 && n < names.len() as f64 {
        // In range and integral, so the cast is exact.
        names[n as usize]
    } else {
        "undefined"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_of_cron_text_follows_javascript_unary_plus() {
        assert_eq!(js_number(""), 0.0);
        assert!(js_number("-").is_nan());
        assert!(js_number("L").is_nan());
        assert_eq!(js_number("-59"), -59.0);
        assert_eq!(js_number("007"), 7.0);
        assert_eq!(js_number("99999999999999999999"), 1e20);
    }

    #[test]
    fn parse_int_reads_a_leading_number_like_javascript() {
        assert_eq!(parse_int_decimal("17abc"), 17.0);
        assert_eq!(parse_int_decimal(" \t+5"), 5.0);
        assert!(parse_int_decimal("abc").is_nan());
        assert!(parse_int_decimal("").is_nan());
        assert_eq!(parse_int_decimal("0x1f"), 0.0);
        assert_eq!(parse_int_auto("0x1f"), 31.0);
        assert!(parse_int_auto("0x").is_nan());
        assert_eq!(parse_int_decimal("-0"), 0.0);
    }

    #[test]
    fn number_to_string_matches_javascript_for_large_numbers() {
        assert_eq!(
            number_to_string(100000000000000000000.0),
            "100000000000000000000"
        );
        assert_eq!(number_to_string(1e23 - 12.0), "1e+23");
        assert_eq!(number_to_string(2f64.powi(70)), "1.1805916207174113e+21");
        assert_eq!(
            number_to_string(123456789012345678901.0),
            "123456789012345680000"
        );
        assert_eq!(number_to_string(f64::NAN), "NaN");
        assert_eq!(number_to_string(f64::INFINITY), "Infinity");
        assert_eq!(number_to_string(-0.0), "0");
        assert_eq!(number_to_string(7.0), "7");
    }

    #[test]
    fn pad2_keeps_the_last_two_code_units() {
        assert_eq!(pad2(""), "00");
        assert_eq!(pad2("5"), "05");
        assert_eq!(pad2("123"), "23");
        assert_eq!(pad2("\u{85}0"), "\u{85}0");
    }

    #[test]
    fn format_fills_placeholders_in_order_then_undefined() {
        assert_eq!(
            format("between %s and %s", &["a"]),
            "between a and undefined"
        );
        assert_eq!(format("at %s", &["%s"]), "at %s");
        assert_eq!(format("", &["x"]), "");
    }
}
