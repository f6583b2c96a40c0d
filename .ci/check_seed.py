#!/usr/bin/env python3
"""The seed article's gate: title, both captions (en, ar), both headings and the source line
found, every span consistent, its attributions, links, times and events. Usage: check_seed.py SEED.txt SEED.json"""
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
# Links, times and events (issue 5).
ents = out["entities"]
def canon(t):
    return {e.get("canonical") for e in ents if e["text"] == t}
if canon("طرابلس") != {"geonames:2210247"}:
    errors.append(f"طرابلس linked to {canon('طرابلس')}, not Tripoli, Libya (geonames:2210247)")
for t in ["مصراتة", "سرت"]:
    countries = {(e.get("place") or {}).get("country") for e in ents if e["text"] == t}
    if countries != {"LY"}:
        errors.append(f"{t} placed in {countries}, not Libya")
for t in ["الخلة", "اليرموك"]:
    near = [(e.get("place") or {}).get("near") for e in ents if e["text"] == t]
    if not near or not all(n and n["canonical"] == "geonames:2210247" and n["relation"] == "south" for n in near):
        errors.append(f"{t} not placed south of Tripoli: {near}")
times = {(t["text"], t["value"]) for t in out["times"]}
for want_t in [("السابع من أبريل/نيسان", "2019-04-07"), ("عام 2016", "2016")]:
    if want_t not in times:
        errors.append(f"time {want_t} missing")
evs = out["events"]
def has_event(ty, date=None, place=None, claimed=False):
    for e in evs:
        if e["type"] != ty or (date and e["date"] != date):
            continue
        if place and (e["place"] or {}).get("canonical") != place and (e["place"] or {}).get("text") != place:
            continue
        if claimed and e["attribution"] is None:
            continue
        return True
    return False
for want_e in [
    ("deployment", None, "geonames:2210247", True),
    ("deployment", None, "geonames:2214846", True),
    ("withdrawal", "2019-04-07", None, False),
    ("attack", "2019-04-04", "geonames:2210247", False),
    ("arrest", None, None, True),
    ("air_strike", "2016", "geonames:2210554", False),
    ("armed_clash", None, "الخلة", True),
    ("armed_clash", None, "اليرموك", True),
]:
    if not has_event(*want_e):
        errors.append(f"event {want_e} missing")
for e in errors:
    print("seed:", e)
print(f"seed: {len(blocks)} blocks, {len(out['sentences'])} sentences, {len(atts)} attributions, "
      f"{len(ents)} entities, {len(out['times'])} times, {len(evs)} events, {len(errors)} problems")
sys.exit(1 if errors else 0)
