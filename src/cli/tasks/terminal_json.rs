//! `--json` output that is safe on a terminal and equal as data: serde_json escapes only C0
//! controls, so a server's C1 controls (`U+009B` is CSI) and invisible format characters (bidi
//! overrides, zero-width characters, tags) would reach the terminal raw. They are written as
//! `\uXXXX` escapes instead, which every JSON reader turns back into the same characters.

use std::io::{self, Write};

use serde_json::ser::{Formatter, PrettyFormatter};

use crate::model::is_invisible_format;

/// `value` as 2-space JSON (the Recoup CLI's layout) with [`needs_escape`] characters escaped.
pub fn pretty(value: &serde_json::Value) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, TerminalSafe(PrettyFormatter::new()));
    serde::Serialize::serialize(value, &mut serializer)?;
    // The formatter writes only UTF-8 text and ASCII escapes.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

struct TerminalSafe(PrettyFormatter<'static>);

impl Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // The layout is PrettyFormatter's.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_json_is_laid_out_as_serde_json_pretty_does() {
        let value = serde_json::json!({"tasks": [{"id": "a", "n": 1, "e": [], "o": {}}], "s": "é ✓ \u{1b}"});
        assert_eq!(
            pretty(&value).unwrap_or_default(),
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    }

    #[test]
    fn c1_and_format_characters_are_escaped_and_read_back_equal() {
        let value = serde_json::json!({"k\u{202e}": "x\u{9b}y\u{200d}z\u{e0041}"});
        let text = pretty(&value).unwrap_or_default();
        assert_eq!(
            text,
            "{\n  \"k\\u202e\": \"x\\u009by\\u200dz\\udb40\\udc41\"\n}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).ok(),
            Some(value)
        );
    }
}
