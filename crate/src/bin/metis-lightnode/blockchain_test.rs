//! `blockchain-test <file or folder>`: runs ethereum/tests BlockchainTests files; one line per
//! failing test, then `N passed, M failed`.

use metis_lightnode::conformance;
use std::path::{Path, PathBuf};

/// Every `.json` file under `path` (or `path` itself), sorted.
fn files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if path.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    let mut out = Vec::new();
    let entries = std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", path.display()))?;
        let p = entry.path();
        if p.is_dir() {
            out.extend(files(&p)?);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

/// Runs the tests; returns (passed, failed).
pub fn run(path: &Path) -> Result<(usize, usize), String> {
    let (mut passed, mut failed, mut refused, mut exact) = (0, 0, 0, 0);
    for file in files(path)? {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        match conformance::run_file(&text) {
            Ok(outcomes) => {
                for outcome in outcomes {
                    refused += outcome.refused.0;
                    exact += outcome.refused.1;
                    match outcome.failure {
                        None => passed += 1,
                        Some(why) => {
                            failed += 1;
                            println!("FAIL {} {}: {why}", file.display(), outcome.name);
                        }
                    }
                }
            }
            Err(e) => {
                failed += 1;
                println!("FAIL {}: {e}", file.display());
            }
        }
    }
    println!("{refused} invalid blocks refused, {exact} of them with exactly the expected exception (the rest with one of its class)");
    Ok((passed, failed))
}
