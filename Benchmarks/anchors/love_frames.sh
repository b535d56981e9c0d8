#!/usr/bin/env bash
# LÖVE 11.4 (LuaJIT) anchor for frame-cost: N Lua coroutines resumed once per frame in love.update.
#
#   Benchmarks/anchors/love_frames.sh [--count N] [--frames F] [--runs R]
#
# Installs Debian's `love` package when it is missing, runs love_frames/ R times (fresh processes,
# no window) and prints each run's figure and their median in ns per coroutine-frame.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs=3
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --count|--frames) args+=("$1" "$2"); shift 2 ;;
        *) echo "usage: love_frames.sh [--count N] [--frames F] [--runs R]" >&2; exit 2 ;;
    esac
done
if ! command -v love >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "love_frames.sh: installing Debian package love" >&2
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends love >/dev/null
fi
# LÖVE's SDL wants a runtime directory; without a window it needs nothing else.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
figures=()
for _ in $(seq "$runs"); do
    line="$(love "$here/love_frames" "${args[@]}")"
    echo "$line"
    figures+=("$(echo "$line" | sed -n 's/.*: \([0-9]*\) ns per coroutine-frame/\1/p')")
done
printf '%s\n' "${figures[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "love median: %d ns per coroutine-frame (%d–%d)\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
