//! A real anvil from node_modules for the native tests, and a JSON-RPC call to it.

// Each test crate that includes this module uses a part of it.
#![allow(dead_code)]

use metis_lightnode::rpc::http::HttpTransport;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};

/// A running anvil (killed on drop) and its URL.
pub struct Anvil(Child, pub String);

impl Drop for Anvil {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

pub fn anvil(offset: u16) -> Option<Anvil> {
    anvil_with(offset, &[])
}

pub fn anvil_with(offset: u16, args: &[&str]) -> Option<Anvil> {
    let bin = concat!(env!("CARGO_MANIFEST_DIR"), "/../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    let port = 20_000 + (std::process::id() % 20_000) as u16 + offset;
    let child = Command::new(bin).args(["--port", &port.to_string()]).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().ok()?;
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if ureq_call(&url, "eth_chainId", json!([])).is_some() {
            return Some(Anvil(child, url));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    None
}

pub fn ureq_call(url: &str, method: &str, params: Value) -> Option<Value> {
    let rpc = metis_lightnode::rpc::RpcClient::new(HttpTransport, vec![url.to_owned()], Default::default()).ok()?;
    futures::executor::block_on(rpc.call(method, params)).ok()
}
