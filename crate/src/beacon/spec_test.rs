//! Runs the consensus-spec `light_client/sync` tests in the spec's own format (`meta.yaml`,
//! `config.yaml`, `steps.yaml`, `*.ssz_snappy`) through the same store the node uses.

use super::error::BeaconError;
use super::network::{Fork, Mainnet, Minimal, Network, Preset};
use super::store::{LightClient, execution_root};
use super::types::LightClientHeader;
use super::wire::{self, Kind};
use alloy_primitives::B256;
use serde_yaml::Value;

/// Reads a file of the test by name (`meta.yaml`, `update_0x…_sf.ssz_snappy`, ...).
pub type Files<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// Runs one test; `Err` says which step failed and how.
pub fn run(files: Files<'_>) -> Result<usize, String> {
    let config = yaml(files, "config.yaml")?;
    let preset = config.get("PRESET_BASE").and_then(Value::as_str).unwrap_or("mainnet");
    match preset {
        "minimal" => run_with::<Minimal>(files, &config),
        "mainnet" => run_with::<Mainnet>(files, &config),
        other => Err(format!("unknown preset `{other}`")),
    }
}

fn yaml(files: Files<'_>, name: &str) -> Result<Value, String> {
    let bytes = files(name).ok_or_else(|| format!("{name} is missing"))?;
    serde_yaml::from_slice(&bytes).map_err(|e| format!("{name}: {e}"))
}

fn snappy(files: Files<'_>, name: &str) -> Result<Vec<u8>, String> {
    let file = format!("{name}.ssz_snappy");
    let bytes = files(&file).ok_or_else(|| format!("{file} is missing"))?;
    snap::raw::Decoder::new().decompress_vec(&bytes).map_err(|e| format!("{file}: {e}"))
}

/// A 4-byte version or digest, written as hex text or read by YAML as a number.
fn four_bytes(value: Option<&Value>) -> Option<[u8; 4]> {
    match value? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()).map(u32::to_be_bytes),
        Value::String(s) => alloy_primitives::hex::decode(s).ok()?.try_into().ok(),
        _ => None,
    }
}

fn hash(value: Option<&Value>) -> Option<B256> {
    value?.as_str()?.parse().ok()
}

/// The network a test's `config.yaml` and `meta.yaml` describe.
fn network(config: &Value, meta: &Value) -> Result<Network, String> {
    let mut forks = vec![(Fork::Phase0, four_bytes(config.get("GENESIS_FORK_VERSION")).ok_or("no GENESIS_FORK_VERSION")?, 0)];
    for (fork, name) in [(Fork::Altair, "ALTAIR"), (Fork::Bellatrix, "BELLATRIX"), (Fork::Capella, "CAPELLA"), (Fork::Deneb, "DENEB"), (Fork::Electra, "ELECTRA"), (Fork::Fulu, "FULU")] {
        let version = four_bytes(config.get(format!("{name}_FORK_VERSION")));
        let epoch = config.get(format!("{name}_FORK_EPOCH")).and_then(Value::as_u64);
        if let (Some(version), Some(epoch)) = (version, epoch) {
            forks.push((fork, version, epoch));
        }
    }
    forks.sort_by_key(|(_, _, epoch)| *epoch);
    Ok(Network {
        name: "spec-test".into(),
        genesis_time: 0,
        seconds_per_slot: config.get("SECONDS_PER_SLOT").and_then(Value::as_u64).unwrap_or(6),
        genesis_validators_root: hash(meta.get("genesis_validators_root")).ok_or("no genesis_validators_root in meta.yaml")?,
        forks,
    })
}

fn run_with<P: Preset>(files: Files<'_>, config: &Value) -> Result<usize, String> {
    let meta = yaml(files, "meta.yaml")?;
    let network = network(config, &meta)?;
    let fork_of = |digest: Option<&Value>| -> Result<Fork, String> {
        let digest = four_bytes(digest).ok_or("no fork digest")?;
        network.fork_of_digest(digest).ok_or_else(|| format!("unknown fork digest {}", alloy_primitives::hex::encode(digest)))
    };
    let root = hash(meta.get("trusted_block_root")).ok_or("no trusted_block_root")?;
    let bootstrap = wire::bootstrap_ssz::<P>(fork_of(meta.get("bootstrap_fork_digest"))?, &snappy(files, "bootstrap")?).map_err(|e| format!("bootstrap: {e}"))?;
    let mut client = LightClient::bootstrap(network.clone(), root, bootstrap).map_err(|e| format!("bootstrap: {e}"))?;
    let steps = yaml(files, "steps.yaml")?;
    let steps = steps.as_sequence().ok_or("steps.yaml is not a list")?;
    for (i, step) in steps.iter().enumerate() {
        let (name, body) = step.as_mapping().and_then(|m| m.iter().next()).ok_or_else(|| format!("step {i} is empty"))?;
        let current_slot = body.get("current_slot").and_then(Value::as_u64).ok_or_else(|| format!("step {i}: no current_slot"))?;
        let result: Result<(), BeaconError> = match name.as_str() {
            Some("process_update") => {
                let file = body.get("update").and_then(Value::as_str).ok_or_else(|| format!("step {i}: no update"))?;
                let update = wire::update_ssz::<P>(fork_of(body.get("update_fork_digest"))?, Kind::Update, &snappy(files, file)?).map_err(|e| format!("step {i}: {e}"))?;
                client.process_update(&update, current_slot)
            }
            Some("force_update") => client.force_update(current_slot),
            other => return Err(format!("step {i}: unsupported step {other:?}")),
        };
        result.map_err(|e| format!("step {i} ({}): {e}", name.as_str().unwrap_or("?")))?;
        if let Some(checks) = body.get("checks") {
            check::<P>(&network, "finalized_header", &client.store().finalized_header, checks.get("finalized_header"), i)?;
            check::<P>(&network, "optimistic_header", &client.store().optimistic_header, checks.get("optimistic_header"), i)?;
        }
    }
    Ok(steps.len())
}

/// The store's header against one step's expectation.
fn check<P: Preset>(network: &Network, what: &str, header: &LightClientHeader, expected: Option<&Value>, step: usize) -> Result<(), String> {
    let Some(expected) = expected else { return Ok(()) };
    let fork = network.fork_at_slot::<P>(header.beacon.slot);
    let got = (header.beacon.slot, header.beacon.root(), execution_root(fork, header));
    let want = (expected.get("slot").and_then(Value::as_u64), hash(expected.get("beacon_root")), hash(expected.get("execution_root")));
    if (Some(got.0), Some(got.1), Some(got.2)) != want {
        return Err(format!("step {step}: {what} is slot {} root {} execution {}, expected {want:?}", got.0, got.1, got.2));
    }
    Ok(())
}
