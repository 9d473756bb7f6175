#!/usr/bin/env python3
"""Writes a .resx pair (Chinese default + English) from a TSV of key<TAB>中文<TAB>English.
Usage: scripts/dev/resx.py src/Shegong.Web/Resources/SharedResource.tsv
The TSV is the source of truth; the generated .resx files are committed so the build needs no Python."""
import sys, html, os
src = sys.argv[1]
base = os.path.splitext(src)[0]
rows = []
for n, line in enumerate(open(src, encoding='utf-8'), 1):
    line = line.rstrip('\n')
    if not line.strip() or line.startswith('#'):
        continue
    parts = line.split('\t')
    if len(parts) != 3:
        sys.exit(f"{src}:{n}: expected 3 tab-separated columns, got {len(parts)}")
    rows.append(parts)
keys = [r[0] for r in rows]
dups = {k for k in keys if keys.count(k) > 1}
if dups:
    sys.exit(f"duplicate keys: {sorted(dups)}")
head = '<?xml version="1.0" encoding="utf-8"?>\n<root>\n  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>\n  <resheader name="version"><value>2.0</value></resheader>\n  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>\n  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>\n'
for suffix, col in (('', 1), ('.en', 2)):
    with open(base + suffix + '.resx', 'w', encoding='utf-8') as f:
        f.write(head)
        for r in sorted(rows, key=lambda r: r[0]):
            f.write(f'  <data name="{html.escape(r[0])}" xml:space="preserve"><value>{html.escape(r[col], quote=False)}</value></data>\n')
        f.write('</root>\n')
print(f"{len(rows)} strings -> {base}.resx, {base}.en.resx")
