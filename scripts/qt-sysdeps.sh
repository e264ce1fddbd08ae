#!/usr/bin/env bash
# Checks the Debian packages Qt (PySide6) and the venv need; installs the missing ones when run as root,
# otherwise prints the exact apt-get line and fails. Extra package names may be passed as arguments.
set -euo pipefail

PACKAGES=(
  libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4
  libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0
  libxcb-xfixes0 libxcb-xkb1 libxcb-sync1 libxcb-shm0 libxcb-render0
  libwayland-client0 libwayland-cursor0 libwayland-egl1
  "$@"
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "qt-sysdeps: not a Debian system; make sure Qt 6's system libraries are installed." >&2
  exit 0
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  PACKAGES+=(python3-venv)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "qt-sysdeps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Decision Desk needs Debian packages that are not installed. Run this as root, then try again:" >&2
  echo "  sudo apt-get update && sudo $line" >&2
  exit 1
fi
