//! Lists every ethereum/tests BlockchainTests file so the conformance test can compile them in (the
//! same bytes natively and in headless Chromium).

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("../../shared/fixtures/ethereum-tests/BlockchainTests");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut source = String::from("/// `(path under BlockchainTests, contents)` of every test file.\npub const BLOCKCHAIN_TESTS: &[(&str, &str)] = &[\n");
    for file in &files {
        let name = file.strip_prefix(&root).unwrap_or(file).display().to_string();
        source.push_str(&format!("    ({name:?}, include_str!({:?})),\n", file.display().to_string()));
    }
    source.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("blockchain_tests.rs");
    if let Err(e) = std::fs::write(&out, source) {
        panic!("cannot write {}: {e}", out.display());
    }
}
