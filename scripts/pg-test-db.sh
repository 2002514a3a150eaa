#!/usr/bin/env bash
# Starts the local PostgreSQL cluster (Debian's postgresql package) and makes sure the test
# role and database exist: jdbc:postgresql://127.0.0.1:5432/switchboard_test, user and
# password "switchboard". The store and crm-local tests run against it.
set -euo pipefail

if ! command -v pg_lsclusters >/dev/null; then
  echo "pg-test-db: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 1
fi

read -r version cluster port status _ < <(pg_lsclusters --no-header | head -1)
if [[ "$status" != online* ]]; then
  pg_ctlcluster "$version" "$cluster" start
fi

as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -q <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard') THEN
    CREATE ROLE switchboard LOGIN PASSWORD 'switchboard';
  END IF;
END
$$;
SQL
if ! as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'switchboard_test'" | grep -q 1; then
  as_postgres createdb -p "$port" -O switchboard switchboard_test
fi
echo "pg-test-db: jdbc:postgresql://127.0.0.1:$port/switchboard_test ready"
