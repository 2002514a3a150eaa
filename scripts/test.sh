#!/usr/bin/env bash
# Runs every test: unit tests (store and crm-local against H2 and PostgreSQL) and the Pax Exam
# integration tests that boot the built distribution.
# Needs Java 17+, Maven 3.8+ and Debian's postgresql package (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/pg-test-db.sh
exec mvn -B -ntp verify "$@"
