//! The ceiling for the server load bench (`benches/server_load.sh`): a bare axum endpoint that
//! answers every request with one pre-serialised body, so the bench can show how close the real
//! API gets to what axum + loopback allow on this machine.
//!
//! Runs only when `CEILING_ADDR` and `CEILING_BODY` (a file) are set; a plain `cargo bench`
//! skips it.

use axum::Router;
use axum::body::Bytes;
use axum::http::header;

fn main() {
    let (Ok(addr), Ok(body_path)) = (std::env::var("CEILING_ADDR"), std::env::var("CEILING_BODY"))
    else {
        println!(
            "server_ceiling: set CEILING_ADDR and CEILING_BODY to run (see benches/server_load.sh)"
        );
        return;
    };
    let body = match std::fs::read(&body_path) {
        Ok(body) => Bytes::from(body),
        Err(err) => {
            eprintln!("cannot read {body_path}: {err}");
            std::process::exit(1);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start tokio: {err}");
            std::process::exit(1);
        }
    };
    runtime.block_on(async move {
        let app = Router::new().fallback(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        });
        let listener = match tokio::net::TcpListener::bind(&addr).await {
            Ok(listener) => listener,
            Err(err) => {
                eprintln!("cannot bind {addr}: {err}");
                std::process::exit(1);
            }
        };
        println!("ceiling listening on {addr}");
        if let Err(err) = axum::serve(listener, app).await {
            eprintln!("ceiling stopped: {err}");
        }
    });
}
