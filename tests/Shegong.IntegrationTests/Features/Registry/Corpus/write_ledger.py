#!/usr/bin/python3
"""Writes a ledger workbook with openpyxl (Debian's python3-openpyxl) from a JSON spec, as stations' scripts do.

spec = {"file": path, "epoch1904": bool, "sheets": [{"name": str, "rows": [[cell, ...], ...], "merges": ["B3:B5"]}]}
A cell is null, a string, a number, {"date": "1950-03-15"}, {"f": "=..."} (a formula: openpyxl saves no cached value)
or {"text": "..."} (a string in a cell formatted as text).
"""
import datetime
import json
import sys

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

spec = json.load(open(sys.argv[1], encoding="utf-8"))
wb = openpyxl.Workbook()
if spec.get("epoch1904"):
    wb.epoch = CALENDAR_MAC_1904
wb.remove(wb.active)
for sheet in spec["sheets"]:
    ws = wb.create_sheet(sheet["name"])
    for r, row in enumerate(sheet["rows"], start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, dict) and "date" in value:
                cell.value = datetime.datetime.strptime(value["date"], "%Y-%m-%d")
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, dict) and "f" in value:
                cell.value = value["f"]
            elif isinstance(value, dict) and "text" in value:
                cell.value = value["text"]
                cell.number_format = "@"
            else:
                cell.value = value
    for rng in sheet.get("merges", []):
        ws.merge_cells(rng)
wb.save(spec["file"])
