"""Kill ratio per module of tui/core, from the last `mutmut run` (see `make mutation`).

mutmut (3.x) copies the code to mutants/, makes each mutant by function, runs only the
core tests that reach that function, and keeps each mutant's result in
mutants/tui/core/<module>.py.meta. This reads those files and prints, per module, how
many mutants the tests killed out of those made: a survivor is a change to the code that
no test noticed. A module split into a package (tui/core/store/) counts as one line.

Ratio = (killed + timed out) / (all - skipped), as mutmut's own badge counts it: a
mutant no test reaches counts as a survivor.

    .venv/bin/python bench/mutation.py [--survivors] [--module store]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "mutants" / "tui" / "core"
#: Modules with a target (issue #14): at least 90% killed.
TARGETS = {"session": 0.90, "plan": 0.90, "text": 0.90, "catalog": 0.90, "store": 0.90}
KILLED = {1, 3, 36, -24, 24, 152, 255, 37}  # killed, pytest error, timeouts, type check
SKIPPED = {34}
NOT_CHECKED = {None, 2}


def module_of(meta: Path) -> str:
    """ "store" for tui/core/store.py and for any file of tui/core/store/."""
    relative = meta.relative_to(ROOT)
    return (
        relative.parts[0].removesuffix(".py.meta")
        if len(relative.parts) > 1
        else (relative.name.removesuffix(".py.meta"))
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    parser.add_argument("--module", help="only this module (e.g. store)")
    args = parser.parse_args(argv)
    metas = sorted(ROOT.rglob("*.py.meta"))
    if not metas:
        print("no results: run `make mutation` (or `mutmut run`) first", file=sys.stderr)
        return 2
    counts: dict[str, Counter[str]] = {}
    survivors: dict[str, list[str]] = {}
    for meta in metas:
        module = module_of(meta)
        if args.module and module != args.module:
            continue
        results = json.loads(meta.read_text())["exit_code_by_key"]
        tally = counts.setdefault(module, Counter())
        for mutant, code in results.items():
            if code in SKIPPED:
                tally["skipped"] += 1
            elif code in NOT_CHECKED:
                tally["not checked"] += 1
            elif code in KILLED:
                tally["killed"] += 1
            else:
                tally["survived"] += 1
                survivors.setdefault(module, []).append(mutant)
    print(f"{'module':<14} {'killed':>7} {'of':>5} {'ratio':>7}  target")
    failed = False
    for module, tally in sorted(counts.items()):
        tested = tally["killed"] + tally["survived"] + tally["not checked"]
        ratio = tally["killed"] / tested if tested else 1.0
        target = TARGETS.get(module)
        verdict = ""
        if target is not None:
            verdict = f">= {target:.0%}: {'met' if ratio >= target else 'NOT met'}"
            failed |= ratio < target
        unchecked = f" ({tally['not checked']} not run)" if tally["not checked"] else ""
        print(f"{module:<14} {tally['killed']:>7} {tested:>5} {ratio:>7.1%}  {verdict}{unchecked}")
    if args.survivors:
        for module, names in sorted(survivors.items()):
            print(f"\n{module}: {len(names)} survived")
            for name in names:
                print(f"  {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
