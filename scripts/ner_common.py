"""What the NER research scripts share: exact-span scoring (CoNLL style: an I-X after O or
another type begins an entity, as conlleval reads it) and the feature dumps of
`examples/dump_features` (one token a line: label, then its feature hashes; a blank line between
sentences)."""


def spans(tags):
    out, start, typ = set(), None, None
    for i, t in enumerate(tags + ["O"]):
        if t.startswith("B-") or t == "O" or (t.startswith("I-") and t[2:] != typ):
            if start is not None:
                out.add((start, i, typ))
            start, typ = None, None
            if t != "O":
                start, typ = i, t[2:]
    return out


def read_dump(path):
    xs, ys = [], []
    for block in path.read_text().split("\n\n"):
        rows = [line.split("\t") for line in block.split("\n") if line]
        if rows:
            ys.append([r[0] for r in rows])
            xs.append([r[1:] for r in rows])
    return xs, ys
