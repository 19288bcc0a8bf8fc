#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/web/test_browser.py), if missing.
#
#   bash .ci/chromium.sh && PRESSLENS_REQUIRE_BROWSER=1 pytest tests/web/test_browser.py
#
# Idempotent: does nothing when /usr/bin/chromium already runs. Uses apt only
# (no Playwright browser download); needs root or sudo.
set -euo pipefail

if [ -x /usr/bin/chromium ] && /usr/bin/chromium --version >/dev/null 2>&1; then
    echo "chromium.sh: $(/usr/bin/chromium --version 2>/dev/null | head -n1) already installed" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "chromium.sh: installing chromium with apt" >&2
$SUDO apt-get update -q >&2
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >&2
/usr/bin/chromium --version >&2
