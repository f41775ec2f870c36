#!/usr/bin/env python3
"""Writes un-original-script-pairs.jsonl: for every individual and entity of the bundled UN
Security Council list that gives its name in the original script (NAME_ORIGINAL_SCRIPT),
the pair of that name and the list's Latin name, labelled positive (both name one party).

Run from the repository root: python3 data/eval/make_un_original_script_pairs.py
"""
import xml.etree.ElementTree as ET

from pairs_common import positive_pair, write_pairs

SOURCE = "data/bundled/un-sc-consolidated-2026-02-27.xml"
TARGET = "data/eval/un-original-script-pairs.jsonl"
LATIN_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def main():
    root = ET.parse(SOURCE).getroot()
    rows = []
    for tag, schema in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for node in root.iter(tag):
            original = " ".join((node.findtext("NAME_ORIGINAL_SCRIPT") or "").split())
            values = (node.findtext(f) for f in LATIN_FIELDS)
            latin = " ".join(v.strip() for v in values if v and v.strip())
            if original and latin:
                reference = node.findtext("REFERENCE_NUMBER").strip()
                rows.append(positive_pair(reference, schema, original, latin))
    write_pairs(rows, TARGET)


if __name__ == "__main__":
    main()
