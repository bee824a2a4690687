#!/usr/bin/python3
"""Cross-check powermap's Excel export against openpyxl (an independent reader).

Reads WORKBOOK with openpyxl and compares every sheet with the CSV file of
the same table in DIR (powermap export --dir of the same database): the
sheet names (SHEETS, comma-separated, in order), the header row, every
record field by field (numbers as numbers, empty cells as empty fields), the
frozen header row and the filter over all rows. With --ja-headers the
header row is Japanese (キー, 氏名 ...) and only its width is compared.
Exits 1 and lists the differences when they disagree.

usage: tools/xlsx-check.py WORKBOOK DIR SHEETS [--ja-headers]
"""
import csv
import os
import sys

import openpyxl

TABLES = ["orgs", "people", "links", "interactions", "deals", "actions", "plan"]


def main():
    book, folder, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    ja_headers = "--ja-headers" in sys.argv[4:]
    wb = openpyxl.load_workbook(book)
    problems = []
    if wb.sheetnames != names:
        problems.append(f"sheets {wb.sheetnames}, expected {names}")
    for table, name in zip(TABLES, names):
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        with open(os.path.join(folder, table + ".csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        cells = [["" if v is None else v for v in r]
                 for r in ws.iter_rows(min_row=1, max_row=ws.max_row,
                                       max_col=len(rows[0]), values_only=True)]
        if len(cells) != len(rows):
            problems.append(f"{name}: {len(cells)} rows, the CSV has {len(rows)}")
        if ja_headers and cells:
            if len([c for c in cells[0] if c != ""]) != len(rows[0]):
                problems.append(f"{name}: {cells[0]} is not a header of {len(rows[0])} columns")
            cells, rows = cells[1:], rows[1:]
        for i, (got, want) in enumerate(zip(cells, rows)):
            for j, (g, w) in enumerate(zip(got, want)):
                same = (float(w) == g) if isinstance(g, (int, float)) and w else g == w
                if not same:
                    problems.append(f"{name} row {i + 1} column {rows[0][j]}: {g!r}, "
                                    f"expected {w!r}")
        if ws.freeze_panes != "A2":
            problems.append(f"{name}: frozen at {ws.freeze_panes}, expected A2")
        width, height = ws.max_column, len(rows) + (1 if ja_headers else 0)
        last = openpyxl.utils.get_column_letter(width)
        if ws.auto_filter.ref != f"A1:{last}{height}":
            problems.append(f"{name}: filter {ws.auto_filter.ref}, expected "
                            f"A1:{last}{height}")
        if not all(c.font.b for c in ws[1][:width]):
            problems.append(f"{name}: the header is not bold")
    for p in problems[:30]:
        print("xlsx-check:", p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"xlsx-check: {len(names)} sheets agree with the CSV export")


main()
