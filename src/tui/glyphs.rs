//! Which characters the screen may use. Without a UTF-8 locale the terminal cannot show box
//! drawing or the status marks, so every frame is drawn as usual and then its symbols are
//! swapped for ASCII ones, cell for cell: one place covers every view, and widths stay the
//! same because each mark replaced is one column wide, as is its ASCII stand-in.

use ratatui::buffer::Buffer;

/// The characters a frame is drawn with, chosen once at start-up from the locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glyphs {
    Unicode,
    /// No UTF-8 locale: `+ - |` borders and ASCII marks.
    Ascii,
}

impl Glyphs {
    /// From the process's locale variables.
    pub fn detect() -> Glyphs {
        Glyphs::for_locale(|name| std::env::var(name).ok())
    }

    /// As POSIX decides the character set: the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is
    /// set and not empty. `C`, `POSIX`, none set, or a codeset other than UTF-8 (`en_US`,
    /// `de_DE.ISO-8859-1`) mean no UTF-8.
    pub fn for_locale(var: impl Fn(&str) -> Option<String>) -> Glyphs {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .into_iter()
            .find_map(|name| var(name).filter(|value| !value.is_empty()));
        // `language_territory.codeset@modifier`.
        let codeset = locale
            .as_deref()
            .and_then(|locale| locale.split('@').next())
            .and_then(|locale| locale.split_once('.'))
            .map(|(_, codeset)| codeset.to_ascii_lowercase());
        match codeset.as_deref() {
            Some("utf-8" | "utf8") => Glyphs::Unicode,
            Some(_) | None => Glyphs::Ascii,
        }
    }

    /// Swap the frame's symbols for ASCII ones when the locale needs it.
    pub fn apply(self, buffer: &mut Buffer) {
        match self {
            Glyphs::Unicode => {}
            Glyphs::Ascii => {
                for cell in &mut buffer.content {
                    if let Some(ascii) = ascii_for(cell.symbol()) {
                        cell.set_symbol(ascii);
                    }
                }
            }
        }
    }
}

/// The ASCII stand-in for one of the app's own marks; user text (titles, prompts) is left as
/// it is, since a wide character cannot become one ASCII cell without shifting the line.
fn ascii_for(symbol: &str) -> Option<&'static str> {
    Some(match symbol {
        "─" | "━" | "═" => "-",
        "│" | "┃" | "║" | "▏" => "|",
        "┌" | "┐" | "└" | "┘" | "├" | "┤" | "┬" | "┴" | "┼" | "╭" | "╮" | "╰" | "╯" => {
            "+"
        }
        "›" | "▶" | "▌" => ">",
        "●" => "*",
        "○" => "o",
        "✓" => "+",
        "✗" | "×" => "x",
        // The agenda's chart: a bar's full cells and its top's eighths.
        "█" | "▇" | "▆" | "▅" | "▄" => "#",
        "▃" | "▂" | "▁" => "_",
        "⊘" => "-",
        "⚠" => "!",
        "…" | "·" => ".",
        "—" | "–" => "-",
        "“" | "”" => "\"",
        "‘" | "’" => "'",
        "↑" => "^",
        "↓" => "v",
        "←" => "<",
        "→" => ">",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(vars: &[(&str, &str)]) -> Glyphs {
        Glyphs::for_locale(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        })
    }

    #[test]
    fn the_first_set_locale_variable_decides() {
        assert_eq!(glyphs(&[("LANG", "en_US.UTF-8")]), Glyphs::Unicode);
        assert_eq!(glyphs(&[("LANG", "C.utf8")]), Glyphs::Unicode);
        assert_eq!(glyphs(&[("LANG", "de_DE.UTF-8@euro")]), Glyphs::Unicode);
        assert_eq!(glyphs(&[]), Glyphs::Ascii);
        assert_eq!(glyphs(&[("LANG", "C")]), Glyphs::Ascii);
        assert_eq!(glyphs(&[("LANG", "POSIX")]), Glyphs::Ascii);
        assert_eq!(glyphs(&[("LANG", "en_US")]), Glyphs::Ascii);
        assert_eq!(glyphs(&[("LANG", "de_DE.ISO-8859-1")]), Glyphs::Ascii);
        let utf8 = ("LANG", "en_US.UTF-8");
        assert_eq!(glyphs(&[utf8, ("LC_CTYPE", "C")]), Glyphs::Ascii);
        assert_eq!(glyphs(&[utf8, ("LC_ALL", "POSIX")]), Glyphs::Ascii);
        assert_eq!(
            glyphs(&[("LANG", "C"), ("LC_CTYPE", "C.UTF-8")]),
            Glyphs::Unicode
        );
        // An empty variable counts as unset.
        assert_eq!(glyphs(&[utf8, ("LC_ALL", "")]), Glyphs::Unicode);
    }
}
