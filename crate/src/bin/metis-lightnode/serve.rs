//! `serve`: a verifying JSON-RPC proxy. Each request (single or batch) is answered by the node with
//! verified data, or with a JSON-RPC error carrying the reason.

use metis_lightnode::node::LightNode;
use metis_lightnode::rpc::http::HttpTransport;
use serde_json::{Value, json};

/// Serves `node` on `listen` until the process ends.
pub fn serve(node: &LightNode<HttpTransport>, listen: std::net::SocketAddr) -> Result<(), String> {
    let server = tiny_http::Server::http(listen).map_err(|e| format!("{listen}: {e}"))?;
    eprintln!("verifying proxy for {} on http://{listen} (head {})", node.spec().name, node.head().map(|h| h.header.number).unwrap_or_default());
    for mut request in server.incoming_requests() {
        let mut body = String::new();
        let answer = match std::io::Read::read_to_string(request.as_reader(), &mut body) {
            Ok(_) => match serde_json::from_str::<Value>(&body) {
                Ok(Value::Array(calls)) => Value::Array(calls.iter().map(|c| answer(node, c)).collect()),
                Ok(call) => answer(node, &call),
                Err(e) => json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": e.to_string()}}),
            },
            Err(e) => json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": e.to_string()}}),
        };
        let response = tiny_http::Response::from_string(answer.to_string())
            .with_header(tiny_http::Header::from_bytes("content-type", "application/json").map_err(|()| "header")?)
            .with_header(tiny_http::Header::from_bytes("access-control-allow-origin", "*").map_err(|()| "header")?);
        // A client that hung up does not stop the proxy.
        let _ = request.respond(response);
    }
    Ok(())
}

fn answer(node: &LightNode<HttpTransport>, call: &Value) -> Value {
    let id = call.get("id").cloned().unwrap_or(Value::Null);
    let method = call.get("method").and_then(Value::as_str).unwrap_or_default();
    let params = call.get("params").cloned().unwrap_or(Value::Null);
    match futures::executor::block_on(node.request(method, &params)) {
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
