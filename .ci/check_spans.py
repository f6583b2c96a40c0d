#!/usr/bin/env python3
"""Checks rasid's JSON output against the article texts: every span in bounds, every `text`
field equal to the text at its code point offsets, sentences inside blocks, blocks and sentences
sorted and disjoint, entities typed, sorted, disjoint and inside a sentence; attributions with valid polarity, non-empty cue and
content, speaker entities that exist; contradictions over existing attributions. Usage: check_spans.py TEXT_DIR OUT_DIR (pairs NAME.txt with NAME.json)."""
import json
import pathlib
import sys


def read_text(path):
    t = pathlib.Path(path).read_bytes().decode("utf-8")
    return t[1:] if t.startswith("\ufeff") else t


def walk_spans(obj, where="$"):
    """Yields (where, dict) for every object with start/end fields."""
    if isinstance(obj, dict):
        if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int):
            yield where, obj
        for k, v in obj.items():
            yield from walk_spans(v, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk_spans(v, f"{where}[{i}]")


def check(text, out):
    errors = []
    if out.get("text") != text:
        errors.append("the JSON `text` is not the article text as read")
    n = len(text)
    for where, s in walk_spans(out):
        a, b = s["start"], s["end"]
        if not (0 <= a <= b <= n):
            errors.append(f"{where}: {a}..{b} out of bounds ({n})")
        elif "text" in s and isinstance(s["text"], str) and s["text"] != text[a:b]:
            errors.append(f"{where}: text {s['text']!r} != {text[a:b]!r}")
        for part in s.get("parts", []):
            pa, pb = part["start"], part["end"]
            if not (a <= pa <= pb <= b):
                errors.append(f"{where}: part {pa}..{pb} outside its token {a}..{b}")
            elif part["role"] != "proclitic" and part["form"] != text[pa:pb]:
                errors.append(f"{where}: part form {part['form']!r} != {text[pa:pb]!r}")
    for layer in ("blocks", "sentences", "entities"):
        prev = 0
        for i, s in enumerate(out[layer]):
            if s["start"] < prev or s["end"] <= s["start"]:
                errors.append(f"{layer}[{i}]: not sorted, disjoint and non-empty")
            if text[s["start"]:s["end"]] != text[s["start"]:s["end"]].strip():
                errors.append(f"{layer}[{i}]: surrounding whitespace")
            prev = s["end"]
    for i, s in enumerate(out["sentences"]):
        if not any(b["start"] <= s["start"] and s["end"] <= b["end"] for b in out["blocks"]):
            errors.append(f"sentences[{i}]: not inside a block")
    for i, e in enumerate(out["entities"]):
        if e.get("type") not in ("PER", "LOC", "ORG", "MISC"):
            errors.append(f"entities[{i}]: type {e.get('type')!r}")
        if not any(x["start"] <= e["start"] and e["end"] <= x["end"] for x in out["sentences"]):
            errors.append(f"entities[{i}]: not inside a sentence")
    n_att = len(out["attributions"])
    ids = {e["id"] for e in out["entities"]}
    for i, a in enumerate(out["attributions"]):
        if a.get("polarity") not in ("affirm", "deny"):
            errors.append(f"attributions[{i}]: polarity {a.get('polarity')!r}")
        for part in ("cue", "content"):
            if a[part]["end"] <= a[part]["start"]:
                errors.append(f"attributions[{i}]: empty {part}")
        sp = a["speaker"]
        if (sp["start"] is None) != (sp["text"] is None):
            errors.append(f"attributions[{i}]: speaker span and text disagree")
        if sp.get("entity") is not None and sp["entity"] not in ids:
            errors.append(f"attributions[{i}]: speaker entity {sp['entity']!r} does not exist")
        if not isinstance(sp.get("anonymous"), bool) or not isinstance(a.get("direct"), bool):
            errors.append(f"attributions[{i}]: anonymous/direct not booleans")
    for i, c in enumerate(out["contradictions"]):
        idx = c["affirm"] + c["deny"]
        if not c["affirm"] or not c["deny"] or any(not (0 <= x < n_att) for x in idx):
            errors.append(f"contradictions[{i}]: bad groups {c['affirm']} / {c['deny']}")
        if out["attributions"] and any(out["attributions"][x]["polarity"] != "affirm" for x in c["affirm"] if 0 <= x < n_att):
            errors.append(f"contradictions[{i}]: an affirming side holds a denial")
    return errors


def main():
    text_dir, out_dir = map(pathlib.Path, sys.argv[1:3])
    bad = 0
    files = sorted(text_dir.glob("*.txt"))
    for f in files:
        o = out_dir / (f.stem + ".json")
        if not o.exists():
            print(f"{f.name}: no output {o}")
            bad += 1
            continue
        errs = check(read_text(f), json.loads(o.read_text(encoding="utf-8")))
        for e in errs[:10]:
            print(f"{f.name}: {e}")
        bad += bool(errs)
    print(f"{len(files) - bad}/{len(files)} articles consistent")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
