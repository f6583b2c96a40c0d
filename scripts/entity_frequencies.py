#!/usr/bin/env python3
"""Entity surface-form frequencies from `rasid analyze --json` output, and catalogue coverage.

Reads the JSON stream rasid prints (one article object per line, with `entities[]` carrying
`text` and `type`) from stdin or from files (`.gz` accepted), groups the mention texts after a
light normalisation and prints them by type with counts:

    rasid analyze --json corpus.jsonl.gz > /tmp/ant.json
    python3 scripts/entity_frequencies.py /tmp/ant.json --top 400
    python3 scripts/entity_frequencies.py /tmp/ant.json --types ORG,PER --tsv > counts.tsv

Normalisation (for grouping only; the printed form is the most frequent original spelling):
  * the lossy fold of rasid_arabic::normalize::fold: diacritics, tatweel and invisible marks
    removed, أ إ آ ٱ → ا, ى → ي, ة → ه, Persian letters to Arabic, Arabic-Indic digits to
    ASCII, Latin lowercased; whitespace collapsed, surrounding quotes and punctuation trimmed;
  * a leading proclitic و ف ب ل ك (at most two, e.g. «وب», «ول») is stripped when what
    remains is a known form: one the corpus also gives without it, or a catalogue name/alias.
    «لل» + X is read as ل + «ال» + X («للأمم المتحدة» → «الأمم المتحدة»).

With `--catalogue data/catalogue/entities.tsv` the script also reports coverage: the share of
mention occurrences of each type whose normalised form equals a normalised name or alias of
the table, over all mentions and over the N most frequent forms (`--coverage-top
ORG=400,PER=250`), and `--uncovered K` lists the K most frequent forms the table misses.
"""

import argparse
import collections
import gzip
import json
import re
import sys
import unicodedata

# --- fold, mirroring crates/arabic/src/normalize.rs -------------------------------------------

_LETTER = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي",
    "ة": "ه", "ۃ": "ه",
    "ک": "ك",
    "ە": "ه", "ہ": "ه", "ھ": "ه",
}
_TATWEEL = "\u0640"


def _is_diacritic(c):
    o = ord(c)
    return (0x0610 <= o <= 0x061A or 0x064B <= o <= 0x065F or o == 0x0670
            or 0x06D6 <= o <= 0x06ED or unicodedata.category(c) == "Mn")


def _is_invisible(c):
    return unicodedata.category(c) == "Cf"


def _is_compat(c):
    o = ord(c)
    return 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF or 0xFF01 <= o <= 0xFF5E


def fold(s):
    s = unicodedata.normalize("NFC", s)
    out = []
    for c in s:
        chars = unicodedata.normalize("NFKC", c) if _is_compat(c) else c
        for d in chars:
            if d in _LETTER:
                out.append(_LETTER[d])
            elif d == _TATWEEL or _is_diacritic(d) or _is_invisible(d):
                continue
            elif d.isascii():
                out.append(d.lower())
            elif unicodedata.category(d) == "Nd" and "\u0660" <= d <= "\u06F9":
                out.append(str(unicodedata.digit(d)))
            else:
                out.append(d.lower() if d.isupper() else d)
    return "".join(out)


_TRIM = " \t\n\"'«»“”„‟‘’‹›()[]{}<>.,،;؛:!?؟-–—_#*/\\|"


def norm(text):
    """Folded, whitespace-collapsed, trimmed form (before proclitic stripping)."""
    f = fold(text)
    f = re.sub(r"\s+", " ", f).strip(_TRIM)
    return f


PROCLITICS = "وفبلك"


def strip_proclitics(form, known, catalogue=()):
    """`form` without a leading proclitic (at most two) when the rest is a known form.

    `known` maps every normalised form the corpus gives to its number of mentions: the rest
    counts as known when the corpus gives it at least as often as `form` itself (so that a
    name that merely starts with one of the letters, «ليون», is not cut to a rarer «يون»), or
    when it is a catalogue name/alias.
    """
    own = known.get(form, 0)
    cands = []
    if form.startswith("لل") and len(form) > 3:
        cands.append("ال" + form[2:])
    if len(form) > 2 and form[0] in PROCLITICS:
        rest = form[1:]
        cands.append(rest)
        if rest.startswith("لل") and len(rest) > 3:
            cands.append("ال" + rest[2:])
        if len(rest) > 2 and rest[0] in PROCLITICS and rest[0] != "و":
            cands.append(rest[1:])
    for c in cands:
        if c in catalogue or known.get(c, 0) >= max(own, 1):
            return c
    return form


# --- input ------------------------------------------------------------------------------------

def read_mentions(paths):
    """(type, text) for every entity mention in the JSON stream(s)."""
    streams = paths or ["-"]
    for p in streams:
        if p == "-":
            fh = sys.stdin
        elif p.endswith(".gz"):
            fh = gzip.open(p, "rt", encoding="utf-8")
        else:
            fh = open(p, encoding="utf-8")
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError:
                continue
            for e in doc.get("entities") or []:
                t = e.get("text")
                if t:
                    yield e.get("type", "?"), t
        if fh is not sys.stdin:
            fh.close()


def read_catalogue(path):
    """{normalised name/alias: [ids]} from the catalogue TSV."""
    index = collections.defaultdict(set)
    rows = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 7:
                sys.exit(f"{path}: row with {len(cols)} columns: {line[:80]}")
            ident, _typ, _kind, _cc, name_ar, name_en, aliases = cols
            rows += 1
            forms = [name_ar, name_en] + [a for a in aliases.split("|") if a]
            for f in forms:
                n = norm(f)
                if n and n != "-":
                    index[n].add(ident)
    return index, rows


# --- main -------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", help="rasid --json output (default stdin; .gz ok)")
    ap.add_argument("--types", default="ORG,PER,MISC,LOC", help="types to print")
    ap.add_argument("--top", type=int, default=100, help="forms printed per type (0 = all)")
    ap.add_argument("--tsv", action="store_true", help="print type<TAB>rank<TAB>count<TAB>form<TAB>normalised")
    ap.add_argument("--catalogue", help="entities.tsv: report coverage of the mentions")
    ap.add_argument("--coverage-top", default="ORG=400,PER=250",
                    help="coverage also over the N most frequent forms of a type")
    ap.add_argument("--uncovered", type=int, default=0,
                    help="with --catalogue: list the K most frequent forms per type the table misses")
    args = ap.parse_args()

    types = [t for t in args.types.split(",") if t]
    cat_index, cat_rows = ({}, 0)
    if args.catalogue:
        cat_index, cat_rows = read_catalogue(args.catalogue)

    raw = collections.Counter()          # (type, normalised-before-stripping, original) -> n
    for typ, text in read_mentions(args.files):
        n = norm(text)
        if n:
            raw[(typ, n, re.sub(r"\s+", " ", text.strip()))] += 1

    # Known forms: every normalised form the corpus gives (any type) with its mentions.
    known = collections.Counter()
    for (_t, n, _o), c in raw.items():
        known[n] += c
    counts = collections.defaultdict(collections.Counter)      # type -> form -> n
    spellings = collections.defaultdict(collections.Counter)   # (type, form) -> original -> n
    for (typ, n, orig), c in raw.items():
        f = strip_proclitics(n, known, cat_index)
        counts[typ][f] += c
        spellings[(typ, f)][orig] += c

    def shown(typ, f):
        return spellings[(typ, f)].most_common(1)[0][0]

    if args.tsv:
        print("type\trank\tcount\tform\tnormalised")
    for typ in types:
        ranked = counts[typ].most_common(args.top or None)
        total = sum(counts[typ].values())
        if not args.tsv:
            print(f"== {typ}: {total} mentions, {len(counts[typ])} distinct forms")
        for i, (f, c) in enumerate(ranked, 1):
            if args.tsv:
                print(f"{typ}\t{i}\t{c}\t{shown(typ, f)}\t{f}")
            else:
                mark = ""
                if args.catalogue:
                    mark = "  [" + ",".join(sorted(cat_index[f])) + "]" if f in cat_index else "  [-]"
                print(f"{i:5d} {c:7d}  {shown(typ, f)}{mark}")

    if args.catalogue:
        tops = dict(kv.split("=") for kv in args.coverage_top.split(",") if kv)
        print(f"\n== coverage of {args.catalogue} ({cat_rows} rows, {len(cat_index)} normalised forms)")
        for typ in types:
            ranked = counts[typ].most_common()
            total = sum(c for _f, c in ranked)
            hit = sum(c for f, c in ranked if f in cat_index)
            forms_hit = sum(1 for f, _c in ranked if f in cat_index)
            if not total:
                continue
            print(f"{typ} all: {hit}/{total} mentions = {100 * hit / total:.1f}%"
                  f" ({forms_hit}/{len(ranked)} distinct forms)")
            if typ in tops:
                k = int(tops[typ])
                head = ranked[:k]
                ht = sum(c for _f, c in head)
                hh = sum(c for f, c in head if f in cat_index)
                fh = sum(1 for f, _c in head if f in cat_index)
                print(f"{typ} top {k}: {hh}/{ht} mentions = {100 * hh / ht:.1f}%"
                      f" ({fh}/{len(head)} forms)")
        if args.uncovered:
            for typ in types:
                print(f"\n== {typ}: most frequent forms not in the table")
                miss = [(f, c) for f, c in counts[typ].most_common() if f not in cat_index]
                for i, (f, c) in enumerate(miss[:args.uncovered], 1):
                    print(f"{i:5d} {c:7d}  {shown(typ, f)}")


if __name__ == "__main__":
    main()
