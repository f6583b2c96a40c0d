#!/usr/bin/env python3
"""The seed article's structure gate: title, both captions (en, ar), both headings and the
source line found, and every span consistent. Usage: check_seed.py SEED.txt SEED.json"""
import json
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from check_spans import check, read_text  # noqa: E402

text = read_text(sys.argv[1])
out = json.loads(open(sys.argv[2], encoding="utf-8").read())
blocks = [(b["kind"], b["lang"], text[b["start"]:b["end"]]) for b in out["blocks"]]
want = [
    ("title", "ar", "عودة القوة الأميركية إلى ليبيا.. حكومة الوفاق تؤكد والبنتاغون ينفي"),
    ("heading", "ar", "لماذا الآن؟"),
    ("heading", "ar", "اشتباكات"),
    ("source", "ar", "المصدر : الجزيرة + وكالات"),
]
errors = check(text, out)
for w in want:
    if w not in blocks:
        errors.append(f"missing block {w}")
captions = [(lang, t) for kind, lang, t in blocks if kind == "caption"]
if not any(lang == "en" and "REUTERS/" in t for lang, t in captions):
    errors.append("missing the English caption with REUTERS/")
if not any(lang == "ar" and t.endswith("(رويترز)") for lang, t in captions):
    errors.append("missing the Arabic caption ending (رويترز)")
if sum(1 for k, _, _ in blocks if k == "paragraph") < 15:
    errors.append("fewer than 15 paragraphs")
if not out["sentences"]:
    errors.append("no sentences")
# Attributions: the seed's headline pair and its disputed claim (the return of US forces).
atts = out["attributions"]
cues = [a["cue"]["text"] for a in atts]
for cue in ["تؤكد", "ينفي", "أفادت", "وقال", "وأضاف", "نفى", "قولها", "وأوضحت", "قوله", "وأكد"]:
    if cue not in cues:
        errors.append(f"missing attribution cue {cue}")
if len(atts) < 20:
    errors.append(f"only {len(atts)} attributions")
deny = [a for a in atts if a["polarity"] == "deny"]
if not any(a["cue"]["text"] == "نفى" and "كارل ويست" in (a["speaker"]["resolved"] or "") for a in deny):
    errors.append("the AFRICOM denial is not resolved to Karl West")
if not out["contradictions"]:
    errors.append("no contradiction")
for e in errors:
    print("seed:", e)
print(f"seed: {len(blocks)} blocks, {len(out['sentences'])} sentences, {len(atts)} attributions, {len(errors)} problems")
sys.exit(1 if errors else 0)
