#!/usr/bin/env bash
# Anchor hop rates (QtAsyncio and asyncio), side by side with the Swift bench's W1/W2.
#
#   Benchmarks/anchors/run.sh [qtasyncio_hops.py arguments, e.g. --runs 3 --loop both]
#
# Makes a venv at Benchmarks/.venv-anchors (once) with the pinned PySide6, installs the
# Debian libraries Qt's offscreen platform needs if a QGuiApplication cannot start, then
# runs qtasyncio_hops.py with the arguments given. Idempotent; quiet once set up.
# PYTHON=python3.12 picks the interpreter the venv is made with (only when it is created).
set -euo pipefail

# 6.12.0 loses a reference to None on every QtAsyncio hop and aborts ("none_dealloc") after
# some thousands of hops on Python < 3.12; 6.11.3 does not.
PYSIDE6_VERSION=6.11.3
QT_DEBIAN_LIBS="libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libx11-6"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$(cd "$here/.." && pwd)/.venv-anchors"
python="${PYTHON:-python3}"
apt_updated=""

log() { echo "run.sh: $*" >&2; }

apt_install() {
    if [ "$(id -u)" != 0 ]; then
        log "need root to install Debian packages: apt-get install -y $*"
        exit 2
    fi
    if [ -z "$apt_updated" ]; then
        apt-get update -qq >/dev/null
        apt_updated=1
    fi
    log "installing Debian packages: $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x "$venv/bin/python" ]; then
    log "creating Benchmarks/.venv-anchors"
    if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        apt_install python3-venv
        "$python" -m venv "$venv"
    fi
fi

installed="$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("PySide6"))' 2>/dev/null || true)"
if [ "$installed" != "$PYSIDE6_VERSION" ]; then
    log "installing PySide6==$PYSIDE6_VERSION"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "PySide6==$PYSIDE6_VERSION"
fi

# Can Qt start headless? (the script sets QT_QPA_PLATFORM=offscreen itself; so does this probe)
probe='from PySide6.QtGui import QGuiApplication; QGuiApplication([])'
if ! QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$venv/bin/python" -c "$probe" >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    apt_install $QT_DEBIAN_LIBS
    if ! QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$venv/bin/python" -c "$probe"; then
        log "Qt's offscreen platform still fails to start (see above)"
        exit 2
    fi
fi

exec "$venv/bin/python" "$here/qtasyncio_hops.py" "$@"
