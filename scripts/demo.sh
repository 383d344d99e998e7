#!/usr/bin/env bash
# Runs the demo: installs what is missing, builds the npm package, starts a seeded anvil, serves the page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node scripts/build-pkg.mjs
exec node scripts/demo.mjs
