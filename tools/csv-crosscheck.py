#!/usr/bin/python3
"""Cross-check powermap's CSV reading and writing against Python's csv module.

Imports every CSV file of DIR into a fresh database with the powermap binary,
exports it again, and compares the records field by field: the input as read
by Python's csv module (an independent RFC 4180 reader) against the export as
read by the same module. Numbers are compared as numbers, defaults that
powermap fills in (stance 'unknown', action status 'planned') are applied to
the input first. Exits 1 and lists the differences when they disagree.

usage: tools/csv-crosscheck.py POWERMAP_BINARY DIR
"""
import csv
import os
import subprocess
import sys
import tempfile

NUMERIC = {"strength", "probability", "amount", "minutes", "power"}
DEFAULTS = {("people", "stance"): "unknown", ("actions", "status"): "planned"}


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def norm(kind, col, value):
    value = value or DEFAULTS.get((kind, col), "")
    if col in NUMERIC and value != "":
        return float(value)
    return value


def main():
    binary, src = sys.argv[1], sys.argv[2]
    files = sorted(f for f in os.listdir(src) if f.endswith(".csv"))
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "x.db")
        subprocess.run([binary, "--db", db, "import"] + [os.path.join(src, f) for f in files],
                       check=True, stdout=subprocess.DEVNULL)
        out = os.path.join(tmp, "out")
        subprocess.run([binary, "--db", db, "export", "--dir", out],
                       check=True, stdout=subprocess.DEVNULL)
        problems, compared = [], 0
        for f in files:
            kind = f[:-4]
            given = read(os.path.join(src, f))
            exported = read(os.path.join(out, f))
            cols = list(given[0].keys()) if given else []
            a = sorted((tuple(norm(kind, c, r[c]) for c in cols) for r in given), key=str)
            b = sorted((tuple(norm(kind, c, r.get(c, "")) for c in cols) for r in exported), key=str)
            if a != b:
                diff = set(a) ^ set(b)
                problems.append(f"{f}: {len(diff)} records differ, e.g. {sorted(diff, key=str)[:2]}")
            compared += len(a) * len(cols)
        for p in problems:
            print("MISMATCH", p)
        print(f"csv-crosscheck: {src}: {len(files)} files, {compared} fields compared, "
              f"{len(problems)} files differ")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
