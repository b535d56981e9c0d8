#!/usr/bin/env python3
"""The public API of the libraries, one declaration a line, from SwiftPM's symbol graphs.

  scripts/api.py write   # (re)writes the committed baseline, Docs/api/<Module>.txt
  scripts/api.py check   # compares the current API with the baseline; prints a diff, exits 1 on change
  scripts/api.py count   # public declarations per library

An intended public change updates the baseline in the same commit (`make api-baseline`), so the
diff shows in review; an unintended one fails CI (`make api-check`).
"""
import difflib
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBRARIES = ["SDLConcurrency", "SDLWidgets", "SDLConcurrencyTesting", "SDLWidgetsTesting"]
BASELINE = os.path.join(ROOT, "Docs", "api")


def symbol_graph_folder():
    result = subprocess.run(["swift", "package", "dump-symbol-graph", "--minimum-access-level", "public"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        errors = [line for line in result.stdout.splitlines() if "error:" in line]
        sys.exit("\n".join(errors[:20]) + "\napi.py: the package does not build, so its API cannot be read (the errors above)")
    folders = glob.glob(os.path.join(ROOT, ".build", "*", "symbolgraph"))
    if not folders:
        sys.exit("api.py: SwiftPM wrote no symbol graphs")
    return max(folders, key=os.path.getmtime)


def declarations(folder, module):
    lines = set()
    # The module's own symbols, and its extensions of other modules' types (Module@Other).
    for path in [os.path.join(folder, module + ".symbols.json")] + glob.glob(os.path.join(folder, module + "@*.symbols.json")):
        if not os.path.exists(path):
            continue
        extended = os.path.basename(path)[len(module) + 1:-len(".symbols.json")] if "@" in path else ""
        with open(path) as handle:
            graph = json.load(handle)
        for symbol in graph["symbols"]:
            if symbol.get("accessLevel") not in ("public", "open"):
                continue
            where = ".".join(symbol["pathComponents"])
            declaration = "".join(fragment["spelling"] for fragment in symbol.get("declarationFragments", []))
            declaration = " ".join(declaration.split())
            prefix = f"[extends {extended}] " if extended else ""
            lines.add(f"{prefix}{where}: {declaration}")
    return sorted(lines)


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    folder = symbol_graph_folder()
    current = {module: declarations(folder, module) for module in LIBRARIES}
    if command == "count":
        for module, lines in current.items():
            print(f"{module}: {len(lines)} public declarations")
        print(f"total: {sum(len(lines) for lines in current.values())}")
        return 0
    if command == "write":
        os.makedirs(BASELINE, exist_ok=True)
        for module, lines in current.items():
            with open(os.path.join(BASELINE, module + ".txt"), "w") as handle:
                handle.write("\n".join(lines) + "\n")
        print(f"api.py: baseline written to Docs/api/ ({sum(len(l) for l in current.values())} declarations)")
        return 0
    changed = False
    for module, lines in current.items():
        path = os.path.join(BASELINE, module + ".txt")
        baseline = open(path).read().splitlines() if os.path.exists(path) else []
        if baseline != lines:
            changed = True
            sys.stdout.writelines(line + "\n" for line in difflib.unified_diff(
                baseline, lines, f"Docs/api/{module}.txt (baseline)", f"{module} (this build)", lineterm="", n=0))
    if changed:
        print("\napi.py: the public API changed. If that is intended, run `make api-baseline` and commit "
              "Docs/api/ with the change (and a CHANGELOG line); otherwise undo it.")
        return 1
    print("api.py: the public API matches the baseline in Docs/api/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
