#!/usr/bin/env bash
# Installs headless Chromium and its WebDriver from Debian's packages when they are missing; the
# report browser test (report, ReportBrowserTest) uses /usr/bin/chromium and /usr/bin/chromedriver
# and skips itself without them. Safe to call on every CI run: it does nothing when both exist.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "chromium and chromedriver already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-chromium: not root and no sudo; the browser test will be skipped" >&2
    exit 0
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium chromium-driver
/usr/bin/chromium --version || true
/usr/bin/chromedriver --version
