//! Lists the fixture files that tests compile in (the same bytes natively and in headless Chromium):
//! every ethereum/tests BlockchainTests file, the consensus-spec light-client tests and the
//! BLS12-381 vectors.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    collect_matching(dir, out, &|p| p.extension().is_some_and(|x| x == "json"));
}

fn collect_matching(dir: &Path, out: &mut Vec<PathBuf>, keep: &dyn Fn(&Path) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_matching(&path, out, keep);
        } else if keep(&path) {
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
    write("blockchain_tests.rs", &source);

    let beacon = manifest.join("../../shared/fixtures/beacon");
    println!("cargo:rerun-if-changed={}", beacon.display());
    let spec = beacon.join("spec-minimal");
    let mut files = Vec::new();
    collect_matching(&spec, &mut files, &|_| true);
    files.sort();
    let mut source = String::from("/// `(test folder, [(file name, bytes)])` of every consensus-spec light-client test.\npub const LIGHT_CLIENT_SPEC_TESTS: &[(&str, &[(&str, &[u8])])] = &[\n");
    let mut current: Option<PathBuf> = None;
    for file in &files {
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        if current.as_ref() != Some(&dir) {
            if current.is_some() {
                source.push_str("    ]),\n");
            }
            let name = dir.strip_prefix(&spec).unwrap_or(&dir).display().to_string();
            source.push_str(&format!("    ({name:?}, &[\n"));
            current = Some(dir);
        }
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        source.push_str(&format!("        ({name:?}, include_bytes!({:?})),\n", file.display().to_string()));
    }
    if current.is_some() {
        source.push_str("    ]),\n");
    }
    source.push_str("];\n");
    write("light_client_spec_tests.rs", &source);

    let bls = beacon.join("bls12-381-tests");
    let mut files = Vec::new();
    collect(&bls, &mut files);
    files.sort();
    let mut source = String::from("/// `(path under bls12-381-tests, contents)` of every BLS vector.\npub const BLS_TESTS: &[(&str, &str)] = &[\n");
    for file in &files {
        let name = file.strip_prefix(&bls).unwrap_or(file).display().to_string();
        source.push_str(&format!("    ({name:?}, include_str!({:?})),\n", file.display().to_string()));
    }
    source.push_str("];\n");
    write("bls_tests.rs", &source);
}

fn write(name: &str, source: &str) {
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join(name);
    if let Err(e) = std::fs::write(&out, source) {
        panic!("cannot write {}: {e}", out.display());
    }
}
