#!/usr/bin/env python3
"""Writes the ANT corpus articles that a gold folder annotates as `<id>.txt` (title, blank line,
text), so the gold files can be scored without copying corpus text into the repository.

usage: ant_articles.py GOLD_DIR OUT_DIR [--corpus ../shared/corpus/news/ant-v2.1.jsonl.gz]
Every `<id>.gold.json` in GOLD_DIR names an ANT record id; OUT_DIR receives `<id>.txt` and a copy
of the gold file, ready for ../shared/tools/score_attributions.py OUT_DIR PREDICTIONS.
"""
import gzip
import json
import pathlib
import shutil
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
corpus = "../shared/corpus/news/ant-v2.1.jsonl.gz"
if "--corpus" in sys.argv:
    corpus = sys.argv[sys.argv.index("--corpus") + 1]
    args.remove(corpus)
if len(args) != 2:
    print(__doc__)
    sys.exit(2)
gold, out = map(pathlib.Path, args)
out.mkdir(parents=True, exist_ok=True)
wanted = {f.name[: -len(".gold.json")]: f for f in gold.glob("*.gold.json")}
found = 0
with gzip.open(corpus, "rt", encoding="utf-8") as f:
    for line in f:
        rec = json.loads(line)
        rid = str(rec.get("id"))
        if rid in wanted:
            (out / f"{rid}.txt").write_text(f"{rec['title']}\n\n{rec['text']}", encoding="utf-8")
            shutil.copy(wanted[rid], out / wanted[rid].name)
            found += 1
missing = sorted(set(wanted) - {p.stem for p in out.glob("*.txt")})
print(f"{found} articles written to {out}" + (f"; missing {missing}" if missing else ""))
sys.exit(1 if missing else 0)
