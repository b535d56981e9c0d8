#!/usr/bin/env bash
# Builds every package under Examples/ and every complete program of the README, each as a package
# of its own that depends on this one by path, as a newcomer would write it. Runs the examples' tests
# and the OwnLoop example (headless). Fails on any compiler warning from this repository's sources
# (SwiftPM's "prohibited flag(s): -D_REENTRANT" aside: it comes from SDL2's pkg-config file).
#
# All builds share one scratch path (.build-examples), so the library is compiled once.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
scratch="$root/.build-examples"
mkdir -p "$scratch"
log="$scratch/build-examples.log"
: > "$log"

# Runs a command, appending its output to the log; on failure shows the output and stops.
run() {
  local out
  if ! out="$("$@" 2>&1)"; then
    echo "$out"
    echo "build-examples: FAILED: $*" >&2
    exit 1
  fi
  printf '%s\n' "$out" >> "$log"
}

for manifest in Examples/*/Package.swift; do
  example="$(dirname "$manifest")"
  echo "build-examples: $example"
  run swift build --package-path "$example" --scratch-path "$scratch"
  if [ -d "$example/Tests" ]; then
    run env SDL_VIDEODRIVER=dummy swift test --package-path "$example" --scratch-path "$scratch"
  fi
done

# A program written against the pre-1.0 names: it must build and run, with deprecation warnings only.
echo "build-examples: Compatibility/PreOneZero (pre-1.0 names)"
compat_log="$scratch/compat.log"
swift build --package-path Compatibility/PreOneZero --scratch-path "$scratch" > "$compat_log" 2>&1 \
  || { cat "$compat_log"; echo "build-examples: FAILED: the pre-1.0 names no longer compile" >&2; exit 1; }
other="$(grep -E "^$root/Compatibility/.*warning:" "$compat_log" | grep -v "is deprecated" | sort -u || true)"
[ -z "$other" ] || { echo "$other"; echo "build-examples: FAILED: warnings other than deprecations" >&2; exit 1; }
deprecations="$(grep -E "^$root/Compatibility/.*warning:.*is deprecated" "$compat_log" | sort -u | wc -l)"
[ "$deprecations" -gt 0 ] || { echo "build-examples: FAILED: no deprecation warning: is the program still using old names?" >&2; exit 1; }
run env SDL_VIDEODRIVER=dummy timeout 60 "$scratch/debug/PreOneZero"

echo "build-examples: running Examples/OwnLoop headless"
run env SDL_VIDEODRIVER=dummy timeout 60 "$scratch/debug/OwnLoop"

# The default-isolation app: headless, it loads its cover off the SDL thread and writes one frame.
echo "build-examples: running Examples/Notes headless (one frame to a PNG)"
notes_png="$scratch/notes.png"
rm -f "$notes_png"
run env SDL_VIDEODRIVER=dummy timeout 60 "$scratch/debug/Notes" --screenshot "$notes_png"
[ -s "$notes_png" ] || { echo "build-examples: FAILED: Examples/Notes wrote no screenshot" >&2; exit 1; }

# README and DocC programs: a ```swift fence right after the line `<!-- complete program -->`. Each becomes
# main.swift of a fresh package whose manifest is the README's own (the fence after
# `<!-- package manifest -->`), pointed at this checkout.
programs="$scratch/readme-programs"
rm -rf "$programs"
mkdir -p "$programs"
# The DocC articles' complete programs are built the same way; one marked
# `<!-- complete program, default isolation -->` gets `.defaultIsolation(MainActor.self)`.
awk -v dir="$programs" '
  /^<!-- package manifest -->$/ { want = "manifest"; next }
  /^<!-- complete program -->$/ { want = "program"; next }
  /^<!-- complete program, default isolation -->$/ { want = "isolated"; next }
  want != "" && /^```swift$/ {
    if (want == "manifest") { file = dir "/Package.swift.template" }
    else { count++; file = dir "/program" sprintf("%02d", count) (want == "isolated" ? ".isolated" : "") ".swift" }
    printf "%s\n", FILENAME > (file ".source")
    close(file ".source")
    inside = 1; want = ""; printf "" > file; next
  }
  inside && /^```$/ { inside = 0; close(file); next }
  inside { print >> file; next }
  { want = "" }
' README.md Sources/*/*.docc/*.md
template="$programs/Package.swift.template"
[ -f "$template" ] || { echo "build-examples: README has no <!-- package manifest --> block" >&2; exit 1; }
count=0
for program in "$programs"/program*.swift; do
  [ -e "$program" ] || break
  count=$((count + 1))
  name="$(basename "$program" .swift)"
  source="$(cat "$program.source")"
  package="$programs/${name%.isolated}"
  mkdir -p "$package/Sources/MyApp"
  # The README's manifest says where the clone is (a sibling folder); point it at this checkout.
  sed "s|path: \"../SDLConcurrency\"|path: \"$root\"|" "$template" > "$package/Package.swift"
  if [ "$name" != "${name%.isolated}" ]; then
    perl -0pi -e 's/(\.product\(name: "SDLWidgets", package: "SDLConcurrency"\),\n\s*\])/$1,\n            swiftSettings: [.defaultIsolation(MainActor.self)]/' "$package/Package.swift"
    grep -q "defaultIsolation" "$package/Package.swift" || { echo "build-examples: could not add defaultIsolation to the manifest" >&2; exit 1; }
  fi
  grep -q "path: \"$root\"" "$package/Package.swift" \
    || { echo "build-examples: the README manifest must depend on path: \"../SDLConcurrency\"" >&2; exit 1; }
  mv "$program" "$package/Sources/MyApp/main.swift"
  echo "build-examples: program $count ($source)"
  run swift build --package-path "$package" --scratch-path "$scratch"
done
[ "$count" -gt 0 ] || { echo "build-examples: README has no <!-- complete program --> block" >&2; exit 1; }

warnings="$(grep -E "^$root/.*warning:" "$log" | grep -v "/.build-examples/checkouts/" | sort -u || true)"
if [ -n "$warnings" ]; then
  echo "$warnings"
  echo "build-examples: FAILED: warnings from this repository's sources" >&2
  exit 1
fi
echo "build-examples: ok ($(ls -d Examples/*/ | wc -l) examples, $count README and DocC programs, no warnings)"
