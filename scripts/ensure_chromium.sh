#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it when missing and we are root; in CI a missing
# browser is an error (the browser tests must run, not skip).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "chromium is missing and cannot be installed (not root): the browser tests cannot run." >&2
  exit 1
fi
echo "warning: chromium is missing; the browser tests will fail. Install Debian's 'chromium'." >&2
