"""What the scripts that derive labelled pairs from real lists share: the script of a name
and the pair record `vetter eval pairs` reads."""
import json
import unicodedata


def script_of(text):
    """The Unicode script of the first letter of `text` (latin, arabic, cyrillic …)."""
    letters = [c for c in text if c.isalpha()]
    return unicodedata.name(letters[0]).split()[0].lower() if letters else "unknown"


def positive_pair(ident, schema, query, listed, right_id=None):
    """A pair of two names of one party, labelled positive and grouped by the query's script."""
    return {
        "id": ident,
        "left": {"id": f"q-{ident}", "schema": schema, "properties": {"name": [query]}},
        "right": {"id": right_id or f"c-{ident}", "schema": schema, "properties": {"name": [listed]}},
        "judgement": "positive",
        "group": script_of(query),
    }


def write_pairs(rows, target):
    """Writes the pairs as JSON lines to `target` and says how many."""
    with open(target, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{target}: {len(rows)} pairs")
