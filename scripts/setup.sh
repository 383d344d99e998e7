#!/usr/bin/env bash
# Installs everything the demo, the tests and the bench need; each step is skipped when already present.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen` pin in crate/Cargo.toml
WASM_PACK_VERSION=0.15.1

log() { printf '== setup: %s\n' "$*"; }

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# clang and llvm-ar: ring (under tree_hash, the beacon light client's SSZ hashing) compiles C for wasm32.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v clang >/dev/null || ! command -v llvm-ar >/dev/null; then
  log "apt-get install chromium chromium-driver clang llvm"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver clang llvm >/dev/null
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # not --locked: its lockfile pins a crate version the registry lacks
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  log "cargo install wasm-pack $WASM_PACK_VERSION"
  cargo install -q wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
