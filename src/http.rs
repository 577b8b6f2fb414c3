//! Outbound HTTP clients, built in one place because TLS needs a step first: reqwest is built
//! without a crypto provider of its own (its default, aws-lc-rs, compiles a large C library and
//! was the slowest step of a cold build), so rustls' ring provider is installed before the first
//! client. A client built any other way would panic on that missing provider.

use std::sync::Once;

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

#[cfg(test)]
mod tests {
    #[test]
    fn clients_build_with_tls_ready() {
        assert!(super::client_builder().https_only(true).build().is_ok());
        let _ = super::client();
    }
}
