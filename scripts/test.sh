#!/usr/bin/env bash
# Runs every test: native cargo tests, the same fixture and tamper tests compiled to wasm in headless
# Chromium, Node tests of the built npm package and the CLI (fixtures, a live anvil, a lying RPC), and
# the page in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# Every temporary file of the run (Chromium profiles left by chromedriver, npm pack output, Vite apps)
# goes under one directory that is removed at exit: runs on a shared disk must not fill it.
export TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/ml-test.XXXXXX")"
trap 'rm -rf "$TMPDIR"' EXIT

echo "== native: cargo test"
cargo test --workspace --locked

echo "== wasm in headless Chromium: cargo test --target wasm32-unknown-unknown"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300 \
  cargo test -p tests-wasm --target wasm32-unknown-unknown --locked

echo "== the same in the scalar build (engines without wasm SIMD): every test without simd128"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300 RUSTFLAGS='-C target-feature=-simd128' CARGO_TARGET_DIR=target/scalar-test \
  cargo test -p tests-wasm --target wasm32-unknown-unknown --locked

echo "== fuzz: every committed corpus input once (cargo-fuzz on nightly, AddressSanitizer)"
if rustup toolchain list | grep -q '^nightly'; then
  bash scripts/fuzz.sh replay
else
  echo "skipped: no nightly toolchain on this machine (cargo-fuzz needs one)"
fi

echo "== npm package and CLI: build"
node scripts/build-pkg.mjs
cargo build -p metis-lightnode --bin metis-lightnode --locked

echo "== npm package in Node, and the page in headless Chromium"
node --test --test-reporter=spec --test-concurrency=1 tests-wasm/node/ tests-wasm/browser/
