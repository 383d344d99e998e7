//! `light-client-test` (consensus-spec vectors from disk) and `beacon-sync` (a light client against
//! beacon API servers).

use metis_lightnode::beacon::{BeaconConfig, BeaconError, BeaconSync, Mainnet, spec_test};
use metis_lightnode::rpc::http::HttpTransport;
use std::path::{Path, PathBuf};

/// Runs every test folder (one holding `meta.yaml`) under `path`: a line per test.
pub fn light_client_tests(path: &Path) -> Result<(usize, usize), String> {
    let mut folders = Vec::new();
    collect(path, &mut folders);
    if folders.is_empty() {
        return Err(format!("no light-client test (a folder with meta.yaml) under {}", path.display()));
    }
    folders.sort();
    let (mut passed, mut failed) = (0, 0);
    for folder in folders {
        let read = |name: &str| std::fs::read(folder.join(name)).ok();
        match spec_test::run(&read) {
            Ok(steps) => {
                passed += 1;
                println!("ok {} ({steps} steps)", folder.display());
            }
            Err(e) => {
                failed += 1;
                println!("FAIL {}: {e}", folder.display());
            }
        }
    }
    Ok((passed, failed))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.join("meta.yaml").is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if entry.path().is_dir() {
            collect(&entry.path(), out);
        }
    }
}

/// Bootstraps, follows the committee to the clock's period and applies the newest finality and
/// optimistic updates; the report says what is proven.
pub async fn sync(config: &BeaconConfig) -> Result<String, BeaconError> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let mut sync = BeaconSync::<Mainnet>::bootstrap(&HttpTransport, config, now).await?;
    sync.advance(&HttpTransport).await?;
    let line = |what: &str, slot: u64, execution: Option<metis_lightnode::beacon::ProvenExecution>| match execution {
        Some(e) => format!("{what}: slot {slot}, execution block {} {}", e.number, e.hash),
        None => format!("{what}: slot {slot} (no execution payload before Capella)"),
    };
    let store = sync.client().store();
    Ok(format!(
        "{}\n{}\nperiod {}, {} beacon API round trips",
        line("finalized", store.finalized_header.beacon.slot, sync.finalized()),
        line("optimistic", store.optimistic_header.beacon.slot, sync.optimistic()),
        sync.client().period(),
        sync.round_trips()
    ))
}
