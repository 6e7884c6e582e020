#!/usr/bin/env bash
# Ensures a local PostgreSQL server for Gatehouse's storage tests is running and prints the URL to
# put in GATEHOUSE_TEST_DATABASE_URL. Run as root on Debian. Idempotent; only the URL goes to stdout.
#
#   export GATEHOUSE_TEST_DATABASE_URL="$(sudo scripts/pg-test-server.sh)"
#
# Environment: GATEHOUSE_PG_PORT (5432), GATEHOUSE_PG_PASSWORD (gatehouse-test),
# GATEHOUSE_PG_DATA (a data directory for initdb + pg_ctl; used instead of the Debian cluster
# when set, and by default when pg_ctlcluster or its `main` cluster is absent).
set -euo pipefail
# Only the URL goes to the caller's stdout (fd 3). The server started below is a daemon that keeps
# every descriptor it inherits, so it must never inherit fd 3: a caller reading this script's output
# through `$(...)` would otherwise wait for the server to exit.
exec 3>&1 1>&2

PORT="${GATEHOUSE_PG_PORT:-5432}"
PASSWORD="${GATEHOUSE_PG_PASSWORD:-gatehouse-test}"
ROLE=gatehouse
DATABASE=gatehouse_test
SOCKET_DIR=/var/run/postgresql

if [ "$(id -u)" -ne 0 ]; then
  echo "pg-test-server.sh: must run as root" >&2
  exit 1
fi

if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
  echo "pg-test-server.sh: installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
BIN="/usr/lib/postgresql/${VERSION}/bin"
mkdir -p "$SOCKET_DIR"
chown postgres:postgres "$SOCKET_DIR"

if [ -z "${GATEHOUSE_PG_DATA:-}" ] && command -v pg_ctlcluster >/dev/null && [ -d "/etc/postgresql/${VERSION}/main" ]; then
  if ! pg_ctlcluster "$VERSION" main status >/dev/null 2>&1; then
    pg_ctlcluster "$VERSION" main start </dev/null 3>&-
  fi
else
  DATA="${GATEHOUSE_PG_DATA:-/var/lib/postgresql/gatehouse-test}"
  if [ ! -s "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    chown postgres:postgres "$DATA"
    chmod 700 "$DATA"
    runuser -u postgres -- "$BIN/initdb" -D "$DATA" --auth-local=peer --auth-host=scram-sha-256 \
      --encoding=UTF8 >/dev/null
  fi
  if ! runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p ${PORT} -c unix_socket_directories=${SOCKET_DIR}" start \
      </dev/null >/dev/null 3>&-
  fi
fi

for _ in $(seq 1 60); do
  if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.5
done
"$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"

psql_admin() {
  runuser -u postgres -- "$BIN/psql" -h "$SOCKET_DIR" -p "$PORT" -X -q -v ON_ERROR_STOP=1 -tA "$@"
}

psql_admin -v role="$ROLE" -v password="$PASSWORD" <<'SQL'
SELECT format(
  CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role')
       THEN 'ALTER ROLE %I LOGIN PASSWORD %L'
       ELSE 'CREATE ROLE %I LOGIN PASSWORD %L' END,
  :'role', :'password') \gexec
SQL

if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE ${DATABASE} OWNER ${ROLE}"
fi

echo "postgres://${ROLE}:${PASSWORD}@127.0.0.1:${PORT}/${DATABASE}" >&3
