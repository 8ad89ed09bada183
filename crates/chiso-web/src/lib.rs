//! Chiso over HTTP: the JSON API (`/api/v1`, OpenAPI), server-rendered pages (askama),
//! i18n and static assets. Handlers only translate between HTTP and `chiso-app`.

pub mod api;
pub mod approvals_api;
pub mod charts;
pub mod error;
pub mod exchange_api;
pub mod extract;
pub mod i18n;
pub mod indices_api;
pub mod pages;
mod spool;
pub mod task_files_api;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use chiso_app::App;
use std::net::SocketAddr;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// What every handler gets.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The application.
    pub app: App,
}

/// Largest request body accepted (a batch of 10,000 values fits).
const MAX_BODY: usize = 16 * 1024 * 1024;

/// The whole HTTP application.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/static/chiso.css", get(css))
        .merge(api::routes())
        .merge(exchange_api::routes())
        .merge(approvals_api::routes())
        .merge(indices_api::routes())
        .merge(task_files_api::routes())
        .merge(pages::routes())
        .fallback(pages::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(AppState { app })
}

async fn healthz(axum::extract::State(s): axum::extract::State<AppState>) -> impl IntoResponse {
    if s.app.healthy().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/chiso.css"),
    )
}

/// Binds `addr` (port 0 picks a free port) and serves in the background; returns the
/// bound address and the server task.
pub async fn spawn(
    app: App,
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let router = router(app);
    let task = tokio::spawn(async move { axum::serve(listener, router).await });
    Ok((bound, task))
}

/// Serves until Ctrl-C / SIGTERM.
pub async fn serve(app: App, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
