//! `chainbook-server serve`: opens the storage, binds the address (port 0 picks a free one),
//! prints `listening on http://ADDR` (or `https://`) on stdout once it accepts connections,
//! and serves until SIGINT or SIGTERM. With a certificate and key (PEM) it speaks TLS through
//! rustls; otherwise plain HTTP, for loopback or behind a reverse proxy that terminates TLS.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum_server::tls_rustls::RustlsConfig;

use crate::clock::Clock;
use crate::expiry::TokenPolicy;
use crate::http::{router, AppState};
use crate::storage::SqliteStorage;

/// What `serve` needs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub data: PathBuf,
    pub listen: SocketAddr,
    /// Certificate chain and private key, PEM.
    pub tls: Option<(PathBuf, PathBuf)>,
    pub tokens: TokenPolicy,
    pub clock: Clock,
}

/// Serves until a shutdown signal.
pub async fn serve(opts: ServeOptions) -> Result<(), Box<dyn std::error::Error>> {
    let storage = SqliteStorage::open(&opts.data)?;
    let app = router(AppState {
        storage: Arc::new(storage),
        clock: opts.clock,
        tokens: opts.tokens,
    });
    tracing::info!(
        idle_days = opts.tokens.idle.num_days(),
        max_days = opts.tokens.max_age.num_days(),
        "device tokens expire"
    );
    if opts.clock != Clock::system() {
        tracing::warn!(now = %opts.clock.now(), "the clock is shifted (tests only)");
    }
    let listener = std::net::TcpListener::bind(opts.listen)?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    match opts.tls {
        None => {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            announce("http", addr)?;
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown_signal())
                .await?;
        }
        Some((cert, key)) => {
            let config = RustlsConfig::from_pem_file(&cert, &key).await?;
            let handle = axum_server::Handle::new();
            let stopper = handle.clone();
            tokio::spawn(async move {
                shutdown_signal().await;
                stopper.graceful_shutdown(Some(Duration::from_secs(10)));
            });
            let server = axum_server::from_tcp_rustls(listener, config)?.handle(handle);
            announce("https", addr)?;
            server.serve(app.into_make_service()).await?;
        }
    }
    tracing::info!("stopped");
    Ok(())
}

fn announce(scheme: &str, addr: SocketAddr) -> std::io::Result<()> {
    tracing::info!(%addr, scheme, "listening");
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on {scheme}://{addr}")?;
    out.flush()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
