//! Beacon API answers in JSON (the form a server falls back to when it does not speak SSZ): a
//! bootstrap and an update of every kind.
#![no_main]
use libfuzzer_sys::fuzz_target;
use metis_lightnode::beacon::Mainnet;
use metis_lightnode::beacon::wire::{self, Kind};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else { return };
    let _ = wire::bootstrap_json::<Mainnet>(&value);
    for kind in [Kind::Update, Kind::FinalityUpdate, Kind::OptimisticUpdate] {
        let _ = wire::update_json::<Mainnet>(kind, &value);
    }
});
