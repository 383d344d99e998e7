//! Shared helpers for tests that run natively and in headless Chromium: fixtures are compiled in, so
//! the same bytes are checked on both targets.
#![allow(dead_code)]

use serde_json::Value;

/// The text of a file under `../shared/fixtures`, embedded at compile time.
#[macro_export]
macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/fixtures/", $path))
    };
}

/// The bytes of a file under `../shared/fixtures`, embedded at compile time.
#[macro_export]
macro_rules! fixture_bytes {
    ($path:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/fixtures/", $path))
    };
}

/// Parses fixture JSON.
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

/// A recorded JSON-RPC exchange (`.io` file): the request and the response.
pub fn io_exchange(text: &str) -> (Value, Value) {
    let line = |prefix: &str| {
        text.lines().find_map(|l| l.strip_prefix(prefix)).map(json).expect("exchange line present")
    };
    (line(">> "), line("<< "))
}

/// Splits concatenated RLP items (e.g. chain.rlp) into one slice per item.
pub fn split_rlp(bytes: &[u8]) -> Vec<&[u8]> {
    metis_lightnode::verify::block::split_rlp(bytes).expect("concatenated RLP items")
}
