#!/bin/sh
# Builds scripts/fd-exhaustion/main.swift (no SDLConcurrency) and runs each mode three times,
# printing how each run ended. Expected on Linux with Swift 6.3: "killed by SIGILL" (status 132).
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${TMPDIR:-/tmp}/fd-exhaustion-$$
swiftc -O "$here/main.swift" -o "$out" || exit 1
for mode in first-use monitor; do
    for run in 1 2 3; do
        SWIFT_BACKTRACE=enable=no "$out" "$mode" >/dev/null 2>&1
        status=$?
        if [ "$status" -eq 132 ]; then verdict="killed by SIGILL"; else verdict="status $status"; fi
        echo "$mode run $run: $verdict"
    done
done
rm -f "$out"
