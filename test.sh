#!/usr/bin/env bash
# Sets up this machine, builds everything and runs all tests: unit tests, then Pax Exam tests that
# boot the assembled distribution. Setup builds the UML kernel from Debian's sources even where the
# packaged one works, so the UML tests run on both kernels on every CPU.
set -euo pipefail
cd "$(dirname "$0")"

./scripts/setup.sh --uml-from-source
exec mvn -B -ntp verify "$@"
