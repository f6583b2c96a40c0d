#!/usr/bin/env python3
"""Reads the output of ../shared/tools/score_attributions.py on stdin, echoes it, and exits
non-zero if a figure is under its threshold. Usage:
  score_attributions.py GOLD OUT | gate_attributions.py --cue 0.95 --f1 0.85 --contradiction 0.6"""
import re
import sys

args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
want = {k.lstrip("-"): float(v) for k, v in args.items()}
text = sys.stdin.read()
print(text, end="")
got = {}
m = re.search(r"^cue\s+P [\d.]+\s+R [\d.]+\s+F1 ([\d.]+)", text, re.M)
got["cue"] = float(m.group(1)) if m else None
m = re.search(r"^contradiction\s+P [\d.]+\s+R [\d.]+\s+F1 ([\d.]+)", text, re.M)
got["contradiction"] = float(m.group(1)) if m else None
m = re.search(r"^attribution F1 ([\d.]+)", text, re.M)
got["f1"] = float(m.group(1)) if m else None
bad = [f"{k} {got.get(k)} < {v}" for k, v in want.items() if got.get(k) is None or got[k] < v]
for b in bad:
    print("gate failed:", b)
sys.exit(1 if bad else 0)
