#!/usr/bin/env bash
# The whole test suite, in the order that fails fastest: system packages, types, lint, unit + integration
# (real sshd, real files, real corpus), build, then Playwright against browser mode.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash build/scripts/ensure-system-packages.sh
npm run --silent typecheck
npm run --silent lint
npm run --silent test:unit
npm run --silent build
npm run --silent test:e2e
