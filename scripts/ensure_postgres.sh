#!/usr/bin/env bash
# The PostgreSQL integration tests (tests/integration) start a throwaway server with initdb/pg_ctl.
# Install Debian's postgresql when they are missing and we are root; in CI missing binaries are an error
# (those tests must run, not skip). Debian keeps the binaries in /usr/lib/postgresql/<version>/bin.
set -euo pipefail

have_postgres() {
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then return 0; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then return 0; fi
  for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then return 0; fi
  done
  return 1
}

if have_postgres; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian postgresql for the PostgreSQL tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  if have_postgres; then exit 0; fi
  echo "postgresql was installed but initdb/pg_ctl are still missing." >&2
  exit 1
fi
if [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL (initdb, pg_ctl) is missing and cannot be installed (not root): the PostgreSQL tests cannot run." >&2
  exit 1
fi
echo "warning: PostgreSQL is missing; the PostgreSQL tests will be skipped. Install Debian's 'postgresql'." >&2
