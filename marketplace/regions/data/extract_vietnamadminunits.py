"""Rebuild the CSV files in this folder from the `vietnamadminunits` wheel (MIT).

Run by hand when the upstream data changes:

    pip download --no-deps vietnamadminunits==1.0.4 && unzip vietnamadminunits-*.whl
    python extract_vietnamadminunits.py path/to/vietnamadminunits/data

It reads the package's SQLite tables `admin_units` (34 provinces, 3,321 communes since
1 July 2025) and `admin_units_legacy` (63 provinces / districts / wards before), and its
`converter_2025.json` (old ward -> new commune, with a default for divided wards), and
writes plain CSV keyed on the NSO (GSO) codes.
"""

import csv
import json
import sqlite3
import sys
from pathlib import Path

OUT = Path(__file__).parent


def main(src: Path) -> None:
    db = sqlite3.connect(src / "dataset.db")
    db.row_factory = sqlite3.Row
    new = db.execute("select * from admin_units order by provinceCode, wardCode").fetchall()
    old = db.execute("select * from admin_units_legacy order by provinceCode, districtCode, wardCode").fetchall()

    provinces = {}
    for r in new:
        provinces.setdefault(r["provinceCode"], (r["province"], r["provinceShort"], r["provinceKey"]))
    with open(OUT / "provinces_2025.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "short_name"])
        for code, (name, short, _key) in sorted(provinces.items()):
            w.writerow([code, name, short])

    new_by_key = {}
    with open(OUT / "communes_2025.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "province_code", "name", "short_name", "unit_type", "lat", "lon"])
        for r in new:
            new_by_key[(r["provinceKey"], r["wardKey"])] = r["wardCode"]
            w.writerow(
                [r["wardCode"], r["provinceCode"], r["ward"], r["wardShort"], r["wardType"], r["wardLat"], r["wardLon"]]
            )

    old_by_key = {}
    with open(OUT / "legacy_units_2024.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ward_code", "ward_name", "district_code", "district_name", "province_code", "province_name"])
        for r in old:
            if not r["wardCode"]:
                continue  # island districts with no ward level (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo)
            old_by_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = r["wardCode"]
            w.writerow([r["wardCode"], r["ward"], r["districtCode"], r["district"], r["provinceCode"], r["province"]])

    conv = json.loads((src / "converter_2025.json").read_text(encoding="utf-8"))
    rows, missing = [], 0
    for prov_key, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in wards.items():
            for ok in old_keys:
                if ok in old_by_key and (prov_key, new_key) in new_by_key:
                    rows.append((old_by_key[ok], new_by_key[(prov_key, new_key)], 1, 0))
                else:
                    missing += 1
    for prov_key, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, targets in olds.items():
            for t in targets:
                if ok in old_by_key and (prov_key, t["newWardKey"]) in new_by_key:
                    rows.append(
                        (old_by_key[ok], new_by_key[(prov_key, t["newWardKey"])], int(t["isDefaultNewWard"]), 1)
                    )
                else:
                    missing += 1
    with open(OUT / "mapping_2025-07-01.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["legacy_ward_code", "commune_code", "is_default", "is_divided"])
        w.writerows(sorted(set(rows)))
    print(
        f"{len(provinces)} provinces, {len(new)} communes, {len(old)} legacy wards, {len(rows)} mappings, {missing} unmatched keys"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
