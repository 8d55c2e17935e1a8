#!/usr/bin/env bash
# Sets up this machine, builds everything and runs all tests: unit tests, then Pax Exam tests that
# boot the assembled distribution.
set -euo pipefail
cd "$(dirname "$0")"

./scripts/setup.sh
exec mvn -B -ntp verify "$@"
