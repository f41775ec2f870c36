#!/usr/bin/env python3
"""Writes eu-cyrillic-pairs.jsonl: for every person of the EU sanctions regulations (the
OpenSanctions extract in ../shared/data/eu-oj-sanctions-opensanctions/consolidated) whose
aliases include a name in Cyrillic, the pair of that Cyrillic name and the person's Latin
name, labelled positive (both name one person). Russian, Ukrainian and Belarusian forms.

Run from the repository root: python3 data/eval/make_eu_cyrillic_pairs.py
"""
import csv
import glob

from pairs_common import positive_pair, script_of, write_pairs

SOURCE = "../shared/data/eu-oj-sanctions-opensanctions/consolidated/*.csv"
TARGET = "data/eval/eu-cyrillic-pairs.jsonl"


def main():
    rows = []
    for path in sorted(glob.glob(SOURCE)):
        with open(path, encoding="utf-8") as f:
            for record in csv.DictReader(f):
                name = record["name"].strip()
                if record["schema"] != "Person" or script_of(name) != "latin":
                    continue
                ident = f"{record['celex']}-{record['recordId']}"
                aliases = [a.strip() for a in record["alias"].split(";")]
                cyrillic = [a for a in aliases if a and script_of(a) == "cyrillic"]
                for n, alias in enumerate(cyrillic):
                    rows.append(
                        positive_pair(f"{ident}-{n}", "Person", alias, name, right_id=f"c-{ident}")
                    )
    write_pairs(rows, TARGET)


if __name__ == "__main__":
    main()
