#!/usr/bin/env python3
"""Lists the public symbols without a doc comment in SwiftPM symbol graphs.

Usage: scripts/undocumented.py SYMBOLGRAPH_DIR MODULE...   (exit status 1 if any is undocumented)
Symbols that inherit documentation (protocol requirements' implementations, overrides) count as
documented, as DocC shows the inherited text; synthesized and implicit members are skipped.
"""
import json, os, sys

directory, modules = sys.argv[1], sys.argv[2:]
missing = []
for module in modules:
    for name in os.listdir(directory):
        if not (name == f"{module}.symbols.json" or name.startswith(f"{module}@")):
            continue
        graph = json.load(open(os.path.join(directory, name)))
        implements = {r["source"] for r in graph.get("relationships", [])
                      if r["kind"] in ("defaultImplementationOf", "overrides")}
        for symbol in graph["symbols"]:
            if symbol.get("accessLevel") not in ("public", "open"):
                continue
            if symbol.get("docComment") or symbol["identifier"]["precise"] in implements:
                continue
            if symbol["pathComponents"][-1].startswith("_") or "location" not in symbol:
                continue  # underscored, or synthesized (no source location: hashValue, …)
            location = symbol.get("location", {}).get("uri", "?").split("/Sources/")[-1]
            line = symbol.get("location", {}).get("position", {}).get("line", 0) + 1
            missing.append(f"{module}: {'.'.join(symbol['pathComponents'])} ({symbol['kind']['identifier'].replace('swift.', '')}) — Sources/{location}:{line}")
for entry in sorted(set(missing)):
    print(entry)
sys.exit(1 if missing else 0)
