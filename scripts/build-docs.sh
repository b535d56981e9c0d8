#!/usr/bin/env bash
# Builds the DocC documentation of the three libraries with swift-docc-plugin and fails on any
# DocC warning (broken links, ambiguous references, …). The archives end up in
# .build/plugins/Swift-DocC/outputs/<Target>.doccarchive. Then lists public symbols that have no doc
# comment (informational: the count is printed, the list is in .build/docs-undocumented.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(SDLConcurrency SDLWidgets SDLConcurrencyTesting SDLWidgetsTesting)
log=.build/docs.log
mkdir -p .build
args=()
for target in "${targets[@]}"; do args+=(--target "$target"); done
if ! swift package generate-documentation --transform-for-static-hosting "${args[@]}" > "$log" 2>&1; then
  cat "$log"
  echo "docs: FAILED (see above)" >&2
  exit 1
fi
warnings="$(grep -E "warning:" "$log" | grep -v "prohibited flag(s): -D_REENTRANT" || true)"
count=0
[ -n "$warnings" ] && count="$(printf '%s\n' "$warnings" | wc -l)"
if [ "$count" -gt 0 ]; then
  printf '%s\n' "$warnings"
  # DocC prints the source excerpt after each warning; show the full log for context.
  echo "docs: FAILED: $count DocC warning(s); the full output is in $log" >&2
  exit 1
fi
echo "docs: ok, 0 DocC warnings (${targets[*]})"
echo "docs: the archives are in .build/plugins/Swift-DocC/outputs/<Target>.doccarchive. To read one, serve it"
echo "      and open its documentation page, e.g.:"
echo "        python3 -m http.server 8000 --directory .build/plugins/Swift-DocC/outputs/SDLConcurrency.doccarchive"
echo "        then http://localhost:8000/documentation/sdlconcurrency"
echo "      (or: swift package --disable-sandbox preview-documentation --target SDLConcurrency)"

# Public symbols without a doc comment, from the symbol graphs DocC just used.
swift package dump-symbol-graph --minimum-access-level public > /dev/null 2>&1 || true
graphs="$(dirname "$(find .build -name 'SDLConcurrency.symbols.json' -path '*symbolgraph*' | head -1)")"
if scripts/undocumented.py "$graphs" "${targets[@]}" > .build/docs-undocumented.txt; then
  echo "docs: every public symbol has a doc comment"
else
  echo "docs: $(wc -l < .build/docs-undocumented.txt) public symbol(s) without a doc comment (.build/docs-undocumented.txt)"
fi
