#!/usr/bin/env python3
"""Scores rasid's entity linking and within-article coreference against a gold folder
(eval/links-dev).

usage: score_links.py GOLD_DIR --rasid BIN [--corpus ANT.jsonl.gz] [--work DIR] [--verbose]
                      [--min-precision X] [--min-country X] [--min-coref-f1 X]

Every `<id>.gold.json` names an ANT record and lists the named mentions of its text (see the
folder's README): the name as written and which occurrence of it it is, type, kind, the
entity's English name, its country, and a key shared by the mentions of one entity. The script
writes each article as rasid reads it (title, blank line, text), runs
`rasid analyze --json --published DATE`, and reports:
- found: gold mentions overlapped by a rasid entity (NER's part);
- on found mentions: linked right (a catalogue identity whose English name matches the gold
  one), linked wrong (a catalogue identity with another name), not linked (rasid's own id from
  the name: the catalogue lacks it or the lookup missed it);
- places: the share of found place mentions whose country rasid gives is the gold country
  (through the catalogue or through the place the text attaches it to);
- coreference: over pairs of found mentions of one article, precision and recall of "same
  identity" against "same gold entity".
Exits 1 under any threshold given (precision of catalogue links, place country share,
coreference F1).
"""
import argparse
import collections
import json
import pathlib
import re
import sys
import unicodedata

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from gold_articles import analyse, nth_offset, read_golds, write_articles  # noqa: E402


def norm_en(s):
    # GeoNames writes «Kitāf», «Sa'dah»: compare without diacritics and apostrophes.
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).replace("'", "").replace("’", "")
    s = s.lower()
    s = re.sub(r"[^a-z0-9 ]+", " ", s.replace("-", " "))
    words = [w for w in s.split() if w not in ("the", "al", "el", "of", "and")]
    return words


def name_match(gold, pred):
    g, p = norm_en(gold), norm_en(pred)
    if not g or not p:
        return False
    gs, ps = " ".join(g), " ".join(p)
    if gs == ps or gs in ps or ps in gs:
        return True
    inter = len(set(g) & set(p))
    return inter / len(set(g) | set(p)) >= 0.5




def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--rasid", required=True)
    ap.add_argument("--corpus", default="../shared/corpus/news/ant-v2.1.jsonl.gz")
    ap.add_argument("--work")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--min-precision", type=float)
    ap.add_argument("--min-country", type=float)
    ap.add_argument("--min-coref-f1", type=float)
    a = ap.parse_args()
    golds = read_golds(a.gold, "score_links")
    work = write_articles(golds, a.corpus, a.work, "score_links")
    c = collections.Counter()
    by_type = collections.defaultdict(collections.Counter)
    pair = collections.Counter()
    for doc, g in sorted(golds.items()):
        pred = analyse(a.rasid, work / f"{doc}.txt", g["published"])
        text = pred["text"]
        found = []  # (gold mention, rasid entity)
        for m in g["mentions"]:
            off = nth_offset(text, m["text"], m.get("nth", 1))
            if off is None:
                sys.exit(f"score_links: {doc}: {m['text']!r} #{m.get('nth', 1)} not in the text")
            s, e = off, off + len(m["text"])
            ent = next((x for x in pred["entities"] if x["start"] < e and s < x["end"]), None)
            t = m["type"]
            c["gold"] += 1
            by_type[t]["gold"] += 1
            if ent is None:
                if a.verbose:
                    print(f"  not found  {doc} {t} {m['text']}")
                continue
            c["found"] += 1
            by_type[t]["found"] += 1
            found.append((m, ent))
            if ent.get("known"):
                name = ent.get("name_en") or ""
                if name_match(m.get("name_en"), name):
                    c["right"] += 1
                    by_type[t]["right"] += 1
                else:
                    c["wrong"] += 1
                    by_type[t]["wrong"] += 1
                    if a.verbose:
                        print(f"  wrong      {doc} {t} {m['text']}: gold {m.get('name_en')} rasid {ent.get('canonical')} {name}")
            else:
                c["unlinked"] += 1
                by_type[t]["unlinked"] += 1
                if a.verbose:
                    print(f"  unlinked   {doc} {t} {m['text']} ({m.get('name_en')}): rasid {ent.get('canonical')}")
            if t == "LOC" and m.get("country"):
                c["loc_country_gold"] += 1
                place = ent.get("place") or {}
                country = place.get("country")
                if country is None and place.get("near"):
                    country = None
                if country == m["country"]:
                    c["loc_country_right"] += 1
                elif a.verbose:
                    print(f"  country    {doc} {m['text']}: gold {m['country']} rasid {country}")
        for i in range(len(found)):
            for j in range(i + 1, len(found)):
                (mi, ei), (mj, ej) = found[i], found[j]
                if ei is ej:
                    continue
                same_gold = mi["entity"] == mj["entity"]
                same_rasid = ei.get("identity") is not None and ei.get("identity") == ej.get("identity")
                pair["tp"] += same_gold and same_rasid
                pair["fp"] += same_rasid and not same_gold
                pair["fn"] += same_gold and not same_rasid

    def share(x, y):
        return f"{x}/{y} = {x / y:.3f}" if y else f"{x}/0"

    print(f"links: {len(golds)} articles, {c['gold']} gold mentions")
    print(f"found by NER          {share(c['found'], c['gold'])}")
    print(f"linked right          {share(c['right'], c['found'])} of found")
    print(f"linked wrong          {share(c['wrong'], c['found'])} of found")
    print(f"not linked (own id)   {share(c['unlinked'], c['found'])} of found")
    if c["right"] + c["wrong"]:
        print(f"precision of links    {share(c['right'], c['right'] + c['wrong'])}")
    print(f"place country right   {share(c['loc_country_right'], c['loc_country_gold'])} of found places")
    for t in sorted(by_type):
        b = by_type[t]
        print(f"  {t:4} found {share(b['found'], b['gold'])}  right {share(b['right'], b['found'])}  "
              f"wrong {b['wrong']}  unlinked {b['unlinked']}")
    tp, fp, fn = pair["tp"], pair["fp"], pair["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"coreference pairs     P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (gold same-entity pairs {tp + fn})")
    linked = c["right"] + c["wrong"]
    precision = c["right"] / linked if linked else 0.0
    country = c["loc_country_right"] / c["loc_country_gold"] if c["loc_country_gold"] else 0.0
    bad = [
        name
        for name, got, floor in [
            ("precision", precision, a.min_precision),
            ("country", country, a.min_country),
            ("coreference F1", f1, a.min_coref_f1),
        ]
        if floor is not None and got < floor
    ]
    if bad:
        print(f"links: under the threshold: {', '.join(bad)}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
