#!/usr/bin/env bash
# The validation cross-checks (validation/crosscheck.py, run reduced by tests/validation) ask R itself
# (t.test, prop.test, fisher.test, chisq.test, p.adjust, power.prop.test, and pwr's pwr.2p2n.test) for
# the figures they compare with: base R and pwr are needed live (values from other R packages, such as
# rpact or metafor, are pasted in the tests beside their calls). Install Debian's r-base-core and
# r-cran-pwr when either is missing and we are root; in CI a missing R is an error (those checks must
# run, not skip).
set -euo pipefail

have_r() { command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(pwr)' >/dev/null 2>&1; }

if have_r; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian r-base-core and r-cran-pwr for the cross-checks against R..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends r-base-core r-cran-pwr >/dev/null
  if have_r; then exit 0; fi
  echo "r-base-core and r-cran-pwr were installed but Rscript or pwr is still missing." >&2
  exit 1
fi
if [ "${CI:-}" = "true" ]; then
  echo "Rscript or its pwr package is missing and cannot be installed (not root): the cross-checks against R cannot run." >&2
  exit 1
fi
echo "warning: Rscript or pwr is missing; the cross-checks against R will fail. Install Debian's 'r-base-core' and 'r-cran-pwr'." >&2
