#!/usr/bin/env bash
# The Spark tests (tests/spark) start a local Spark inside the pinned pyspark, which needs a Java runtime
# (Spark 4.0: Java 17 or 21). Install Debian's openjdk-17-jre-headless when Java is missing and we are
# root; in CI a missing Java is an error (those tests must run, not skip).
set -euo pipefail

have_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then return 0; fi
  command -v java >/dev/null 2>&1 && java -version >/dev/null 2>&1
}

if have_java; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian openjdk-17-jre-headless for the Spark tests..."
  # the JRE's post-install step expects the man-page folder that slim images leave out
  mkdir -p /usr/share/man/man1
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  if have_java; then exit 0; fi
  echo "openjdk-17-jre-headless was installed but java is still missing." >&2
  exit 1
fi
if [ "${CI:-}" = "true" ]; then
  echo "Java is missing and cannot be installed (not root): the Spark tests cannot run." >&2
  exit 1
fi
echo "warning: Java is missing; the Spark tests will be skipped. Install Debian's 'openjdk-17-jre-headless'." >&2
