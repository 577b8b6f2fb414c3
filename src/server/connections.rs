//! Accepting and serving connections so that slow or many clients cannot stall the server:
//! timeouts on a request's head and on the whole request, a cap on open connections below the
//! file limit, and a deadline on graceful shutdown.

use std::io::ErrorKind;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

/// How long clients may take, how many may be connected, and how long a stop waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// How long a client may take to send a request's head, counted from when the server is
    /// ready to read one: a new connection, or a kept-alive one after its last answer (so
    /// this is also how long a connection may stay idle).
    pub header_read_timeout: Duration,
    /// How long a request may take from its head to its answer, the body included (it is
    /// read before the key is checked); past it the answer is 408 and the connection closes.
    pub request_timeout: Duration,
    /// On stop, how long requests in flight get to finish before their connections are closed.
    pub shutdown_grace: Duration,
    /// Connections open at once; more wait to be accepted. `None`: derived from the file
    /// limit (see [`default_max_connections`]).
    pub max_connections: Option<usize>,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(5),
            max_connections: None,
        }
    }
}

/// Files the server keeps for itself below the file limit when it derives its connection cap:
/// SQLite's database, journal and shared-memory files, the log, runs' pipes and processes.
const RESERVED_FILES: u64 = 128;
/// The derived cap never goes above this, whatever the file limit: each connection may hold a
/// body of up to [`super::routes::BODY_LIMIT`] in memory.
const MAX_DERIVED_CONNECTIONS: u64 = 1024;

/// The connection cap for a process allowed `file_limit` open files: a quarter of them (at
/// least [`RESERVED_FILES`]) kept for everything else, at most [`MAX_DERIVED_CONNECTIONS`],
/// at least 8.
pub fn default_max_connections(file_limit: Option<u64>) -> usize {
    let cap = match file_limit {
        Some(limit) => limit
            .saturating_sub(RESERVED_FILES.max(limit / 4))
            .clamp(8, MAX_DERIVED_CONNECTIONS),
        None => MAX_DERIVED_CONNECTIONS,
    };
    usize::try_from(cap).unwrap_or(8)
}

/// Raises this process's soft limit on open files to its hard limit (as nginx's
/// `worker_rlimit_nofile` or Go's runtime do) and returns the limit then in force; `None`
/// where it cannot be read (or there is none, off Unix).
#[cfg(unix)]
pub fn raise_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given, which lives for the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    if limit.rlim_cur < limit.rlim_max {
        // macOS refuses a soft limit above OPEN_MAX even when the hard one is "unlimited".
        let wanted = if cfg!(target_os = "macos") {
            limit.rlim_max.min(10240)
        } else {
            limit.rlim_max
        };
        let raised = libc::rlimit {
            rlim_cur: wanted,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit only reads the struct it is given, which lives for the call.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit.rlim_cur = wanted;
        }
    }
    Some(limit.rlim_cur)
}

#[cfg(not(unix))]
pub fn raise_file_limit() -> Option<u64> {
    None
}

/// How many connections the kernel completes and queues while the server is at its cap (the
/// default, 128, made the 129th waiting client's connect wait seconds for a SYN retry; Linux
/// silently lowers it to `net.core.somaxconn`).
const LISTEN_BACKLOG: u32 = 1024;

/// A listener on `addr` with a [`LISTEN_BACKLOG`] queue (and `SO_REUSEADDR` off Windows, as
/// the standard library sets it, so a restarted server can bind while old connections linger).
pub(super) fn listen(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    #[cfg(not(windows))]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Serves `app` on `listener` until `stop` turns true (or its sender is gone): at most
/// `max_connections` open at once (the next one waits in the listen queue until one closes),
/// each under `limits`' header-read timeout (the request timeout is the router's). Once
/// stopped, no connection is accepted; idle ones close at once, and requests in flight get
/// `limits.shutdown_grace` to finish before their connections are closed.
pub(super) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    max_connections: usize,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(max_connections.max(1)));
    let mut open = JoinSet::new();
    let closed = Arc::new(AtomicUsize::new(0));
    let trimmer = tokio::spawn(return_freed_memory(closed.clone()));
    loop {
        // Forget the connections that have ended, so the set holds only open ones.
        while open.try_join_next().is_some() {}
        // A slot first, then the connection: at the cap, clients wait in the listen queue
        // instead of the server accepting sockets it has no files left for.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = stopped(&mut stop) => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stopped(&mut stop) => break,
        };
        match accepted {
            Ok((stream, _)) => {
                let connection = serve_connection(stream, app.clone(), limits, stop.clone());
                let closed = closed.clone();
                open.spawn(async move {
                    connection.await;
                    drop(slot);
                    closed.fetch_add(1, Ordering::Relaxed);
                });
            }
            Err(err) if is_connection_error(&err) => {}
            Err(err) => {
                // Out of files or memory: retrying at once would spin. Wait for connections
                // to close.
                tracing::error!(%err, "cannot accept a connection; trying again in a second");
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    () = stopped(&mut stop) => break,
                }
            }
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(limits.shutdown_grace, async {
        while open.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            connections = open.len(),
            "closing connections still busy after the shutdown grace period"
        );
        open.shutdown().await;
    }
    trimmer.abort();
}

/// How often the server looks whether connections have closed since it last gave memory back.
const TRIM_EVERY: Duration = Duration::from_secs(10);

/// Gives the memory that closed connections freed back to the system, at most every
/// [`TRIM_EVERY`]. glibc keeps what each worker thread's arena freed (300 stalled 1 MiB
/// bodies left 62 MB of a 22 MB server's heap behind after they closed; `malloc_trim` took it
/// back to 24 MB), and a fixed mmap threshold or a single arena did not help.
async fn return_freed_memory(closed: Arc<AtomicUsize>) {
    let mut tick = tokio::time::interval(TRIM_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tick.tick().await;
        if closed.swap(0, Ordering::Relaxed) > 0 {
            let _ = tokio::task::spawn_blocking(trim_heap).await;
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_heap() {
    // SAFETY: malloc_trim only releases free memory of the allocator's own arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Other allocators give freed memory back on their own.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_heap() {}

/// Serves one connection until the client closes it, a timeout closes it, or the server
/// stops (then the request in flight, if any, may finish: the caller bounds how long).
async fn serve_connection(
    stream: TcpStream,
    app: Router,
    limits: ConnectionLimits,
    mut stop: watch::Receiver<bool>,
) {
    let mut builder = http1::Builder::new();
    // Without a timer hyper enforces no header-read timeout at all.
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    tokio::pin!(connection);
    let served = tokio::select! {
        served = connection.as_mut() => served,
        () = stopped(&mut stop) => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(err) = served {
        // Timeouts, resets and malformed requests: the client's doing, not the server's.
        tracing::debug!(%err, "connection ended with an error");
    }
}

/// Completes once `stop` is true or its sender is gone (the server was dropped).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

/// An error about one connection (gone before it was accepted), not about the listener.
fn is_connection_error(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    )
}
