//! What keeps one client from hurting the others: the connection loop with a
//! header-read timeout and a cap on connections, a request timeout, a cap on
//! requests in flight, security headers on every response, and error bodies
//! of one shape (JSON under `/api`, a Chinese page elsewhere).

use crate::ApiError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// A client must send a whole request head within this time, counted from
/// the moment the server waits for one: a slow client (slowloris) and an idle
/// keep-alive connection are both closed after it.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A request (reading its body, the work, the answer) must be done within this time; else 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Open connections at most; further clients wait in the kernel's backlog.
pub const MAX_CONNECTIONS: usize = 1024;
/// Requests being handled at most; more are answered 503 at once.
pub const MAX_IN_FLIGHT: usize = 512;
/// Store and index calls running at once on the blocking pool; more wait for a turn.
pub const MAX_BLOCKING: usize = 8;
/// How long a graceful shutdown waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The bounds a server runs with; `Limits::default()` is the named constants
/// above (tests shorten the timeouts).
#[derive(Clone, Debug)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub request_timeout: Duration,
    pub max_connections: usize,
    pub max_in_flight: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { header_read_timeout: HEADER_READ_TIMEOUT, request_timeout: REQUEST_TIMEOUT, max_connections: MAX_CONNECTIONS, max_in_flight: MAX_IN_FLIGHT }
    }
}

/// Bounds the blocking pool: at most `MAX_BLOCKING` store/index calls at once.
pub(crate) static BLOCKING: Semaphore = Semaphore::const_new(MAX_BLOCKING);

/// Pages use only `/static/style.css` and the one small `/static/cite.js`
/// (the copy-citation buttons), no inline script or style; SVG graphs are inline markup.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Sets the security headers on every response.
pub(crate) async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    res
}

/// Answers 503 when `MAX_IN_FLIGHT` requests are already being handled.
pub(crate) async fn in_flight(permits: Arc<Semaphore>, req: Request, next: Next) -> Response {
    let Ok(_permit) = permits.try_acquire() else {
        let mut r = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "服务器繁忙，请稍后再试").into_response();
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return r;
    };
    next.run(req).await
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// What a status means, for error bodies that came without a message.
fn default_message(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "请求无法解析",
        StatusCode::NOT_FOUND => "没有这个地址",
        StatusCode::METHOD_NOT_ALLOWED => "此地址不接受这种请求方法",
        StatusCode::REQUEST_TIMEOUT => "请求超时",
        StatusCode::PAYLOAD_TOO_LARGE => "请求体过大",
        StatusCode::URI_TOO_LONG => "请求地址过长",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "请求体须为 JSON（Content-Type: application/json）",
        StatusCode::UNPROCESSABLE_ENTITY => "请求体内容无效",
        StatusCode::SERVICE_UNAVAILABLE => "服务器繁忙，请稍后再试",
        s if s.is_server_error() => "服务器内部错误",
        _ => "请求有误",
    }
}

/// Error bodies of one shape: `{"error": "…"}` under `/api`, a Chinese HTML
/// page elsewhere, whatever produced them (a handler, an extractor's
/// rejection, the router's 404/405, the body limit, the timeout).
pub(crate) async fn error_bodies(req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let ctype = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let is_json = ctype.starts_with("application/json");
    if (api && is_json) || (!api && ctype.starts_with("text/html")) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 16 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let message = if is_json {
        serde_json::from_slice::<serde_json::Value>(&bytes).ok().and_then(|v| v["error"].as_str().map(str::to_string))
    } else {
        Some(text.trim().to_string()).filter(|t| !t.is_empty() && t.len() < 1000)
    };
    let message = match message {
        Some(m) if m != default_message(status) => format!("{}：{m}", default_message(status)),
        _ => default_message(status).to_string(),
    };
    let e = ApiError::new(status, message);
    let mut out = if api { e.into_response() } else { crate::pages::error_page(e) };
    for name in [header::ALLOW, header::RETRY_AFTER, header::LOCATION] {
        if let Some(v) = parts.headers.get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}

/// The 404 for a path no route serves.
pub(crate) async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Body::empty()).into_response()
}

/// True when the request says its body is JSON (`application/json`, any parameters).
pub(crate) fn is_json_body(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

/// 415 unless the body is declared JSON.
pub(crate) fn require_json(headers: &axum::http::HeaderMap) -> Result<(), ApiError> {
    if is_json_body(headers) {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, default_message(StatusCode::UNSUPPORTED_MEDIA_TYPE)))
    }
}

/// Compares a secret with what a client sent in time that depends only on the
/// length of what was sent, never on where the first difference is.
pub(crate) fn same_secret(secret: &[u8], given: &[u8]) -> bool {
    if secret.is_empty() {
        return false;
    }
    let mut diff = (secret.len() != given.len()) as u8;
    for (i, b) in given.iter().enumerate() {
        diff |= secret[i % secret.len()] ^ b;
    }
    std::hint::black_box(diff) == 0
}

/// Accepts connections until Ctrl-C: HTTP/1.1 with a header-read timeout
/// (which also closes idle keep-alive connections), at most
/// `limits.max_connections` at once; then waits up to `SHUTDOWN_GRACE` for
/// requests in flight.
pub(crate) async fn accept_loop(listener: tokio::net::TcpListener, router: axum::Router, limits: &Limits, shutdown: impl std::future::Future<Output = ()>) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = connections.clone().acquire_owned() => p.expect("the connection semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
        let conn = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(router.clone()));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {},
        _ = tokio::time::sleep(SHUTDOWN_GRACE) => {},
    }
    Ok(())
}
