//! The two JavaScript number conversions cron-parser's messages and rules depend on.

/// `+text` for the characters a cron field can hold: `""` is 0, an optional `-` and digits are
/// a number, anything else is NaN.
pub(super) fn js_number(text: &str) -> f64 {
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

/// `String(n)` for a number: integers print plainly below 1e21 and in exponent form above.
pub(super) fn format_js_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_string();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if n == 0.0 {
        return "0".to_string();
    }
    if n.abs() < 1e21 {
        return format!("{n}");
    }
    // Shortest round-trip digits, as JavaScript prints them: 1e+21, 1.2345e+25.
    let exponent_form = format!("{n:e}");
    match exponent_form.split_once('e') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
        _ => exponent_form,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_is_zero_and_a_lone_minus_is_nan() {
        assert_eq!(js_number(""), 0.0);
        assert!(js_number("-").is_nan());
        assert!(js_number("L").is_nan());
        assert_eq!(js_number("-59"), -59.0);
        assert_eq!(js_number("007"), 7.0);
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        assert_eq!(format_js_number(-0.0), "0");
        assert_eq!(format_js_number(60.0), "60");
        assert_eq!(format_js_number(1e20), "100000000000000000000");
        assert_eq!(format_js_number(1e21), "1e+21");
        assert_eq!(format_js_number(1.2345e25), "1.2345e+25");
        assert_eq!(format_js_number(f64::NAN), "NaN");
    }
}
