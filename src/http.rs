//! Outbound HTTP clients, built in one place because TLS needs a step first: reqwest is built
//! without a crypto provider of its own (its default, aws-lc-rs, compiles a large C library and
//! was the slowest step of a cold build), so rustls' ring provider is installed before the first
//! client. A client built any other way would panic on that missing provider.
//!
//! Also the rules of where a request with a key may go: [`same_origin_redirects`] (a redirect
//! to another origin is not followed, since reqwest keeps custom headers such as `x-api-key`
//! on a cross-host redirect and strips only `Authorization` and cookies) and
//! [`is_cleartext_off_machine`] (plain http beyond loopback).

use std::fmt;
use std::net::IpAddr;
use std::sync::Once;

use reqwest::Url;

fn install_tls_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Err means a provider is already installed, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A reqwest client builder with TLS ready.
pub fn client_builder() -> reqwest::ClientBuilder {
    install_tls_provider();
    reqwest::Client::builder()
}

/// A client with reqwest's defaults and TLS ready (what `reqwest::Client::new()` would be).
pub fn client() -> reqwest::Client {
    install_tls_provider();
    reqwest::Client::new()
}

/// How many redirects within the configured origin a client follows.
pub const MAX_REDIRECTS: usize = 5;

/// Why a redirect was not followed. Its targets are printed without credentials, query or
/// fragment: the message is for a person, and a query may hold what the server chose to put
/// there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectRefusal {
    /// To another scheme, host or port than the configured origin.
    OtherOrigin { to: String, origin: String },
    /// From https to plain http (the key would cross the network in the clear).
    Downgrade { to: String, origin: String },
    /// More than [`MAX_REDIRECTS`] within the origin (`host` is `host[:port]`).
    TooMany { host: String },
}

impl fmt::Display for RedirectRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedirectRefusal::OtherOrigin { to, origin } => write!(
                f,
                "the server redirected to {to}, another origin; not followed (the key is sent only to {origin})"
            ),
            RedirectRefusal::Downgrade { to, origin } => write!(
                f,
                "the server redirected from https to plain http ({to}); not followed (the key is sent only to {origin})"
            ),
            RedirectRefusal::TooMany { host } => write!(
                f,
                "the server at {host} redirected more than {MAX_REDIRECTS} times; stopped"
            ),
        }
    }
}

impl std::error::Error for RedirectRefusal {}

/// Whether a client configured for `origin` may follow a redirect to `next`, having followed
/// `followed` redirects already: only within the origin (scheme, host and port), never from
/// https to http, at most [`MAX_REDIRECTS`] times.
pub fn check_redirect(origin: &Url, next: &Url, followed: usize) -> Result<(), RedirectRefusal> {
    let origin_text = origin.origin().ascii_serialization();
    if origin.scheme() == "https" && next.scheme() == "http" {
        return Err(RedirectRefusal::Downgrade {
            to: printable_target(next),
            origin: origin_text,
        });
    }
    if origin.origin() != next.origin() {
        return Err(RedirectRefusal::OtherOrigin {
            to: printable_target(next),
            origin: origin_text,
        });
    }
    if followed >= MAX_REDIRECTS {
        let host = origin.host_str().unwrap_or_default();
        return Err(RedirectRefusal::TooMany {
            host: match origin.port() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_string(),
            },
        });
    }
    Ok(())
}

/// `scheme://host[:port]/path` of a redirect target: no user, password, query or fragment.
fn printable_target(url: &Url) -> String {
    let origin = url.origin();
    if origin.is_tuple() {
        format!("{}{}", origin.ascii_serialization(), url.path())
    } else {
        format!("a {}: URL", url.scheme())
    }
}

/// The redirect policy of a client that sends a key to `origin`: see [`check_redirect`]. A
/// refusal is the request's error (its source is the [`RedirectRefusal`]).
pub fn same_origin_redirects(origin: Url) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        // `previous` holds the first URL and every one followed since.
        let followed = attempt.previous().len().saturating_sub(1);
        match check_redirect(&origin, attempt.url(), followed) {
            Ok(()) => attempt.follow(),
            Err(refusal) => attempt.error(refusal),
        }
    })
}

/// Whether a request to `url` crosses the network in the clear: plain http to a host that is
/// not loopback (127.0.0.0/8, ::1, `localhost`).
pub fn is_cleartext_off_machine(url: &Url) -> bool {
    url.scheme() == "http" && !is_loopback(url)
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    // An IPv6 host is written in brackets.
    match host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        Ok(IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|ip| ip.is_loopback())
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_build_with_tls_ready() {
        assert!(client_builder().https_only(true).build().is_ok());
        let _ = client();
    }

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn only_plain_http_beyond_loopback_is_cleartext_off_machine() {
        for off in [
            "http://10.0.0.5:8787",
            "http://api.example.com",
            "http://[2001:db8::1]:80",
            "http://localhost.example.com",
            "http://128.0.0.1",
        ] {
            assert!(is_cleartext_off_machine(&url(off)), "{off}");
        }
        for on in [
            "http://127.0.0.1:8787",
            "http://127.8.9.10",
            "http://localhost:8787",
            "http://LOCALHOST",
            "http://[::1]:8787",
            "http://[::ffff:127.0.0.1]",
            "https://api.example.com",
        ] {
            assert!(!is_cleartext_off_machine(&url(on)), "{on}");
        }
    }

    #[test]
    fn redirects_stay_within_the_origin_and_are_counted() {
        let origin = url("http://127.0.0.1:8787");
        assert_eq!(
            check_redirect(&origin, &url("http://127.0.0.1:8787/x"), 4),
            Ok(())
        );
        assert_eq!(
            check_redirect(&origin, &url("http://127.0.0.1:8787/x"), 5),
            Err(RedirectRefusal::TooMany {
                host: "127.0.0.1:8787".into()
            })
        );
        assert_eq!(
            check_redirect(&origin, &url("file:///etc/passwd"), 0).map_err(|r| r.to_string()),
            Err("the server redirected to a file: URL, another origin; not followed (the key is sent only to http://127.0.0.1:8787)".into())
        );
    }
}
