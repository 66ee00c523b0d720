#!/usr/bin/env python3
"""Rebuilds the QR code from a plain `tmux capture-pane -p` text capture
(half-block glyphs: the ink is the dark modules) and writes a PNG that a
standard reader such as zbarimg can decode. Usage:
    tmux capture-pane -p -t SESSION > screen.txt
    scripts/decode-qr-from-tmux.py screen.txt qr.png && zbarimg -q qr.png
"""
import sys
from PIL import Image

TOP = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1)}
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
# The QR occupies the left block of lines made only of glyphs and spaces.
rows = []
for line in lines:
    cells = line[:60]
    if any(c in TOP for c in cells[:50]):
        rows.append(cells)
width = max(len(r.rstrip()) for r in rows)
modules = []
for r in rows:
    top, bottom = [], []
    for c in r.ljust(width)[:width]:
        t, b = TOP.get(c, (0, 0))
        top.append(t)
        bottom.append(b)
    modules += [top, bottom]
scale, border = 8, 4
h, w = len(modules), width
img = Image.new("L", ((w + 2 * border) * scale, (h + 2 * border) * scale), 255)
for y, row in enumerate(modules):
    for x, dark in enumerate(row):
        if dark:
            for dy in range(scale):
                for dx in range(scale):
                    img.putpixel(((x + border) * scale + dx, (y + border) * scale + dy), 0)
img.save(sys.argv[2])
