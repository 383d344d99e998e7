//! `serve`: a verifying JSON-RPC proxy on tokio and hyper. Connections are served concurrently on
//! one thread (the node is shared, not copied: its verified head, caches and MetisDB serve every
//! client); each request, single or batch, is answered with verified data or a JSON-RPC error that
//! carries the reason. Bodies and batches are bounded.

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use metis_lightnode::node::LightNode;
use metis_lightnode::rpc::http::HttpTransport;
use serde_json::{Value, json};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::rc::Rc;

/// Largest request body read (a batch of [`MAX_BATCH`] calls with room to spare).
const MAX_REQUEST_BYTES: usize = 1 << 20;
/// Most calls in one batch.
const MAX_BATCH: usize = 100;

/// Serves `node` on `listen` until the process ends.
pub fn serve(node: LightNode<HttpTransport>, listen: SocketAddr) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    // The node holds no locks (it is built for the browser's single thread): its requests share one
    // thread and interleave at their awaits.
    tokio::task::LocalSet::new().block_on(&runtime, accept(Rc::new(node), listen))
}

async fn accept(node: Rc<LightNode<HttpTransport>>, listen: SocketAddr) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("{listen}: {e}"))?;
    eprintln!("verifying proxy for {} on http://{listen} (head {})", node.spec().name, node.head().map(|h| h.header.number).unwrap_or_default());
    loop {
        // A failed accept (a client gone, too many open files) ends that connection, not the proxy.
        let Ok((stream, _)) = listener.accept().await else { continue };
        let node = node.clone();
        tokio::task::spawn_local(async move {
            let service = hyper::service::service_fn(move |request| handle(node.clone(), request));
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

async fn handle(node: Rc<LightNode<HttpTransport>>, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    if request.method() == Method::OPTIONS {
        return Ok(reply(StatusCode::NO_CONTENT, Bytes::new()));
    }
    let answer = match Limited::new(request.into_body(), MAX_REQUEST_BYTES).collect().await {
        Err(e) => error(Value::Null, -32600, &format!("request body: {e} (at most {MAX_REQUEST_BYTES} bytes)")),
        Ok(body) => match serde_json::from_slice::<Value>(&body.to_bytes()) {
            Ok(Value::Array(calls)) if calls.len() > MAX_BATCH => error(Value::Null, -32600, &format!("a batch of {} calls, more than {MAX_BATCH}", calls.len())),
            Ok(Value::Array(calls)) => {
                let mut answers = Vec::with_capacity(calls.len());
                for call in &calls {
                    answers.push(answer(&node, call).await);
                }
                Value::Array(answers)
            }
            Ok(call) => answer(&node, &call).await,
            Err(e) => error(Value::Null, -32700, &e.to_string()),
        },
    };
    Ok(reply(StatusCode::OK, Bytes::from(answer.to_string())))
}

fn reply(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, hyper::header::HeaderValue::from_static("application/json"));
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, hyper::header::HeaderValue::from_static("*"));
    headers.insert(ACCESS_CONTROL_ALLOW_METHODS, hyper::header::HeaderValue::from_static("POST, OPTIONS"));
    headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, hyper::header::HeaderValue::from_static("content-type"));
    response
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

async fn answer(node: &LightNode<HttpTransport>, call: &Value) -> Value {
    let id = call.get("id").cloned().unwrap_or(Value::Null);
    let method = call.get("method").and_then(Value::as_str).unwrap_or_default();
    let params = call.get("params").cloned().unwrap_or(Value::Null);
    match node.request(method, &params).await {
        Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
        Err(e) => {
            let mut error = json!({"code": e.rpc_code(), "message": e.to_string(), "data": {"code": e.code()}});
            if let metis_lightnode::Error::Reverted { data, .. } = &e {
                error["data"] = json!(data);
            }
            json!({"jsonrpc": "2.0", "id": id, "error": error})
        }
    }
}
