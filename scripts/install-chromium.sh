#!/usr/bin/env bash
# Installs Debian's Chromium for the real-browser test (examples/express-memory/test/browser.test.ts),
# which drives it with playwright-core. Idempotent: does nothing when /usr/bin/chromium exists.
# Never use `playwright install` instead: it downloads its own browser build, which fails here.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  echo "[chromium] $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM") already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
# Only refresh the package lists when apt has never fetched them (a fresh container has none).
if ! compgen -G "/var/lib/apt/lists/*_Packages" >/dev/null; then
  echo "[chromium] apt-get update"
  $SUDO apt-get update -qq
fi
# Recommends (udev, upower, printing, mesa) are not needed headless; a font is, so that text
# renders in screenshots.
PACKAGES=(chromium fonts-liberation)
echo "[chromium] apt-get install -y ${PACKAGES[*]}"
if ! $SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"; then
  # Stale lists (a package version that no longer exists on the mirror): refresh once and retry.
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"
fi
"$CHROMIUM" --version
