//! URLs as they may be shown: `https://user:password@host/` names its credentials, and a URL is
//! printed in errors, in `config`, in logs and in run errors. Every place that formats a URL
//! passes it through [`without_credentials`] first; it lives at the bottom of the layers so
//! that the client, the server, the CLI and the TUI can all reach it.

/// `url` with everything between `://` (or its start) and the last `@` shown as `***`:
/// `http://user:secret@127.0.0.1:9/` → `http://***@127.0.0.1:9/`. The last `@`, not the
/// first, so a password with an unescaped `@` (or `/`) is hidden whole; an `@` further on (in a
/// path) hides more than needed, never less.
pub fn without_credentials(url: &str) -> String {
    let start = url.find("://").map_or(0, |at| at + "://".len());
    match url[start..].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::without_credentials;

    #[test]
    fn credentials_are_hidden_and_everything_else_kept() {
        assert_eq!(
            without_credentials("http://user:secret@127.0.0.1:9/"),
            "http://***@127.0.0.1:9/"
        );
        assert_eq!(
            without_credentials("https://token@api.example.com/v1"),
            "https://***@api.example.com/v1"
        );
        assert_eq!(
            without_credentials("https://u:p@ss/w@rd@host:1"),
            "https://***@host:1"
        );
        assert_eq!(
            without_credentials("user:secret@127.0.0.1:9"),
            "***@127.0.0.1:9"
        );
        assert_eq!(
            without_credentials("https://recoup-api.vercel.app"),
            "https://recoup-api.vercel.app"
        );
        assert_eq!(without_credentials(""), "");
    }
}
