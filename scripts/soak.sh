#!/usr/bin/env bash
# Soak run of the demo (not part of CI): the real window on a private Xvfb, the sieve at tick 0 on
# a 200 × 200 grid restarting every 15 s, and a click on "What is the question?" every 50 ms
# through xdotool. Prints the demo's RSS, open fds and CPU (over the last minute) once a minute,
# then the RSS spread after the warm-up (issue 16 asks for 60 minutes and RSS within 5 % after the
# first 5).
#
#   scripts/soak.sh [minutes]          # default 60; SOAK_CONFIG=debug for a debug build
#
# Needs Xvfb and xdotool (scripts/install-deps.sh xvfb xdotool installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-60}"
config="${SOAK_CONFIG:-release}"
warmup="${SOAK_WARMUP_MINUTES:-5}"
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [minutes ≥ 1]" >&2; exit 64; }
for tool in Xvfb xdotool; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: scripts/install-deps.sh xvfb xdotool" >&2; exit 69; }
done

# SwiftPM's "prohibited flag(s): -D_REENTRANT" warning comes from SDL2's pkg-config file: not shown.
if ! out="$(swift build -c "$config" --product sdl-concurrency-demo 2>&1)"; then
  echo "$out" >&2
  exit 1
fi
demo="$(swift build -c "$config" --show-bin-path)/sdl-concurrency-demo"

# A display number nobody uses, and a runtime directory SDL is happy with.
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
runtime="$(mktemp -d)"
chmod 700 "$runtime"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$runtime"
}
trap cleanup EXIT

Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
export DISPLAY=":$display" XDG_RUNTIME_DIR="$runtime"
unset SDL_VIDEODRIVER

"$demo" --tick 0 --grid 200x200 --autostart --restart-every 15 >"$runtime/demo.log" 2>&1 &
demo_pid=$!
pids+=("$demo_pid")
window="$(xdotool search --sync --onlyvisible --name "SDLConcurrency demo" | head -1)"
# The button's centre in the 1200 × 720 window (the minimal panel's strip along the top).
xdotool mousemove --window "$window" 895 44 click --repeat 100000000 --delay 50 1 &
pids+=($!)

ticks="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$demo_pid/stat"; }
rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$demo_pid/status"; }
printf "%-6s %10s %5s %6s\n" minute rss_MB fds cpu_%
last="$(cpu_ticks)"
rss_after_warmup=()
for minute in $(seq "$minutes"); do
  sleep 60
  kill -0 "$demo_pid" 2>/dev/null || { echo "the demo exited early:"; tail -20 "$runtime/demo.log"; exit 1; }
  now="$(cpu_ticks)"
  rss="$(rss_mb)"
  fds="$(ls "/proc/$demo_pid/fd" | wc -l)"
  cpu="$(awk -v d="$((now - last))" -v t="$ticks" 'BEGIN { printf "%.0f", 100 * d / t / 60 }')"
  last="$now"
  printf "%-6s %10s %5s %6s\n" "$minute" "$rss" "$fds" "$cpu"
  [ "$minute" -gt "$warmup" ] && rss_after_warmup+=("$rss")
done
if [ "${#rss_after_warmup[@]}" -gt 0 ]; then
  printf "%s\n" "${rss_after_warmup[@]}" | awk -v w="$warmup" '
    NR == 1 { min = max = first = $1 } { if ($1 < min) min = $1; if ($1 > max) max = $1 }
    END { printf "after minute %d: RSS %.1f-%.1f MB, spread %.1f %% of %.1f MB\n", w, min, max, 100 * (max - min) / first, first }'
fi
