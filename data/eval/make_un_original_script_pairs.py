#!/usr/bin/env python3
"""Writes un-original-script-pairs.jsonl: for every individual and entity of the bundled UN
Security Council list that gives its name in the original script (NAME_ORIGINAL_SCRIPT),
the pair of that name and the list's Latin name, labelled positive (both name one party).

Run from the repository root: python3 data/eval/make_un_original_script_pairs.py
"""
import json
import unicodedata
import xml.etree.ElementTree as ET

SOURCE = "data/bundled/un-sc-consolidated-2026-02-27.xml"
TARGET = "data/eval/un-original-script-pairs.jsonl"


def script_of(text):
    letters = [c for c in text if c.isalpha()]
    return unicodedata.name(letters[0]).split()[0].lower() if letters else "unknown"


def main():
    root = ET.parse(SOURCE).getroot()
    rows = []
    for tag, schema in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for node in root.iter(tag):
            original = (node.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
            if not original:
                continue
            fields = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            latin = " ".join(
                v.strip() for v in (node.findtext(f) for f in fields) if v and v.strip()
            )
            if not latin:
                continue
            reference = node.findtext("REFERENCE_NUMBER").strip()
            rows.append(
                {
                    "id": reference,
                    "left": {
                        "id": f"q-{reference}",
                        "schema": schema,
                        "properties": {"name": [" ".join(original.split())]},
                    },
                    "right": {"id": f"c-{reference}", "schema": schema, "properties": {"name": [latin]}},
                    "judgement": "positive",
                    "group": script_of(original),
                }
            )
    with open(TARGET, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{TARGET}: {len(rows)} pairs")


if __name__ == "__main__":
    main()
