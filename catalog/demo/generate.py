"""Turns the hand-written demo content into product, certificate and producer plans.

Pure Python, no database: every value comes from a `random.Random` seeded with a stable string
(a UPC, a producer code), so two runs produce the same plan and the loader can update rows in
place instead of duplicating them. Certificate dates are relative to `today`, so the demo keeps
showing every certificate state whenever it is loaded.
"""

import csv
import datetime
import functools
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from catalog import certificates
from catalog.demo import data

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
QD148_START = datetime.date(2023, 2, 24)  # QĐ 148/QĐ-TTg replaces QĐ 1048
TWO_LEVEL_START = datetime.date(2025, 7, 1)  # QĐ 1489: district level abolished
MINISTRY_MERGER = datetime.date(2025, 3, 1)  # MARD becomes the Ministry of Agriculture and Environment
PROVINCES_CSV = Path(__file__).resolve().parents[2] / "marketplace" / "regions" / "data" / "provinces_2025.csv"


@dataclass(frozen=True)
class ProductSpec:
    upc: str
    title: str
    description: str
    category: str  # leaf code in the 2023 tree
    kind: str  # key of data.PRODUCT_CLASSES
    unit: str
    grams: int
    price: int  # VND
    stock: int | None  # None: not tracked (services)
    producer: str  # partner code
    province: str
    commune: str
    group: str  # top-level group ("tp", "du", ...), for the picture

    @property
    def legacy_category(self) -> str:
        """The 2019 (QĐ 1048) group this product was filed under, or ""."""
        for prefix in sorted(data.LEGACY_CATEGORY, key=len, reverse=True):
            if self.category.startswith(prefix):
                return data.LEGACY_CATEGORY[prefix]
        return ""


@dataclass(frozen=True)
class CertificateSpec:
    stars: int
    status: str
    scheme: str
    decision_number: str
    decision_date: datetime.date
    issuing_level: str
    revoked_at: datetime.datetime | None = None
    revoked_reason: str = ""


@functools.cache
def province_names() -> dict[str, str]:
    """Province code -> short name ("14" -> "Sơn La"), from the shipped NSO list."""
    with PROVINCES_CSV.open(encoding="utf-8") as fh:
        return {row["code"]: row["short_name"] for row in csv.DictReader(fh)}


def ean13(key: str) -> str:
    """A stable EAN-13 under Vietnam's GS1 prefix 893, derived from `key`."""
    body = "893" + str(int(hashlib.sha1(key.encode()).hexdigest(), 16) % 10**9).zfill(9)  # noqa: S324
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _round_price(value: float) -> int:
    step = 5000 if value >= 200000 else 1000
    return max(step, int(round(value / step)) * step)


def _stock(rng: random.Random, kind: str) -> int | None:
    if kind == "tourism":
        return None
    if rng.random() < 0.12:  # some sold out, so listings can show it
        return 0
    return rng.choice([5, 8, 12, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 300])


@functools.cache
def product_specs() -> tuple[ProductSpec, ...]:
    """The hand-made catalogue: every producer x its product lines, with unique titles."""
    used_by_line: dict[str, int] = {}
    titles: set[str] = set()
    upcs: set[str] = set()
    specs = []
    for producer in data.PRODUCERS:
        line_specs = producer.line_specs
        for key, picks in line_specs:
            line = data.PRODUCT_LINES[key]
            if picks is None:
                # Rotate the starting variant so producers of one speciality differ.
                offset = used_by_line.get(key, 0)
                count = min(len(line.variants), 2 if len(line_specs) > 1 else 3)
                picks = tuple((offset + i) % len(line.variants) for i in range(count))
                used_by_line[key] = offset + 1
            for index in picks:
                spec = _product_spec(producer, line, index, titles)
                if spec.upc in upcs:
                    raise ValueError(f"UPC collision for {producer.code}/{key}/{index}")
                upcs.add(spec.upc)
                titles.add(spec.title)
                specs.append(spec)
    return tuple(specs)


def _product_spec(producer, line, index, taken_titles) -> ProductSpec:
    variant = line.variants[index]
    upc = ean13(f"{producer.code}/{line.key}/{index}")
    rng = random.Random(upc)
    place = producer.place_name
    title = variant.title.format(place=place)
    if title in taken_titles:
        # Two sellers of one speciality in one place: buyers tell them apart by seller name.
        title = f"{title} – {producer.name}"
    province = province_names()[producer.province]
    sentences = [s.format(place=place) for s in line.about]
    sentences.append(f"Sản phẩm của {producer.name}, {producer.commune}, {province}.")
    if line.keep:
        sentences.append(line.keep)
    category = variant.category or line.category
    return ProductSpec(
        upc=upc,
        title=title,
        description=" ".join(sentences),
        category=category,
        kind=line.kind,
        unit=variant.unit,
        grams=variant.grams,
        price=_round_price(variant.price * rng.choice([0.9, 0.95, 1, 1, 1, 1.05, 1.1, 1.15])),
        stock=_stock(rng, line.kind),
        producer=producer.code,
        province=producer.province,
        commune=producer.commune,
        group=category.split("-")[1],
    )


# --- certificates --------------------------------------------------------------------------
# Among certified products, states follow a fixed cycle (70% active, 10% each of expiring,
# expired and revoked) so every state is present however the data is edited.
_STATE_CYCLE = {3: certificates.EXPIRING, 8: certificates.EXPIRED, 11: certificates.REVOKED,
                13: certificates.EXPIRING, 16: certificates.EXPIRED, 19: certificates.REVOKED}  # fmt: skip
_STARS = [3] * 65 + [4] * 28 + [5] * 7  # national shares, May 2024


def plan_certificates(specs, today: datetime.date, share: float = 0.55) -> dict[str, list[CertificateSpec]]:
    """Certificates per UPC; products left out have none (most products on the platform)."""
    plans: dict[str, list[CertificateSpec]] = {}
    certified = 0
    proposals = 0
    for spec in specs:
        rng = random.Random(f"cert:{spec.upc}")
        if rng.random() >= share:
            continue
        state = _STATE_CYCLE.get(certified % 20, certificates.ACTIVE)
        certified += 1
        stars = rng.choice(_STARS)
        awarded = _certificate(rng, spec.province, stars, state, today)
        plan = [awarded]
        if stars == 4 and state in certificates.SHOWS_STAR and (proposals == 0 or rng.random() < 0.3):
            proposals += 1
            plan.append(_proposal(rng, spec.province, today))
        plans[spec.upc] = plan
    return plans


def _certificate(rng, province, stars, state, today) -> CertificateSpec:
    if state == certificates.EXPIRING:
        # Aim valid_until 10-80 days ahead; month arithmetic moves it by a day at most.
        decision = today + datetime.timedelta(days=rng.randint(10, 80)) - certificates.VALIDITY
    elif state == certificates.EXPIRED:
        decision = today - certificates.VALIDITY - datetime.timedelta(days=rng.randint(10, 700))
    elif state == certificates.REVOKED:
        decision = today - datetime.timedelta(days=rng.randint(150, 1000))
    else:
        decision = today - datetime.timedelta(days=rng.randint(20, 990))
    scheme = "qd148-2023" if decision >= QD148_START else "qd1048-2019"
    if stars == 5:
        level = "central"
    elif stars == 3 and scheme == "qd148-2023" and decision < TWO_LEVEL_START:
        level = "district"
    else:
        level = "province"
    revoked_at, reason = None, ""
    if state == certificates.REVOKED:
        days = rng.randint(60, (today - decision).days - 10)
        revoked_at = datetime.datetime.combine(decision + datetime.timedelta(days=days), datetime.time(9), VN_TZ)
        reason = rng.choice(data.REVOCATION_REASONS)
    return CertificateSpec(stars, "awarded", scheme, decision_number(province, level, decision), decision, level,
                           revoked_at, reason)  # fmt: skip


def _proposal(rng, province, today) -> CertificateSpec:
    # The provincial council's decision proposing the product to the central council for 5★.
    decision = today - datetime.timedelta(days=rng.randint(10, 150))
    return CertificateSpec(5, "proposed", "qd148-2023", decision_number(province, "province", decision), decision,
                           "province")  # fmt: skip


def decision_number(province: str, level: str, day: datetime.date) -> str:
    """A decision number in the usual form; one number per issuer and date, as on real lists."""
    number = random.Random(f"{province}:{level}:{day.isoformat()}").randint(120, 4200)
    if level == "central":
        return f"{number}/QĐ-{'BNN-KTHT' if day < MINISTRY_MERGER else 'BNNMT'}"
    return f"{number}/QĐ-UBND"


def certificate_state(cert: CertificateSpec, today: datetime.date) -> str:
    """The state the stored certificate will have (valid_until computed as the model does)."""

    class _Cert:
        revoked_at = cert.revoked_at
        valid_until = certificates.valid_until(cert.decision_date)
        decision_date = cert.decision_date

    return certificates.state(_Cert, today)


# --- producers -----------------------------------------------------------------------------
_MOBILE_PREFIXES = ["32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79",
                    "81", "82", "83", "84", "85", "86", "88", "91", "94", "96", "97", "98"]  # fmt: skip


def producer_profile(producer) -> dict:
    """Phone, identifiers and an "about" text for a producer, stable across runs."""
    rng = random.Random(f"producer:{producer.code}")
    phone = "0" + rng.choice(_MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(7))
    national_id = tax_code = ""
    if producer.kind in ("household", "coop_group"):
        # CCCD: birth-province code (3 digits), century+sex digit, birth year (2), 6 digits.
        female = " Thị " in f" {producer.name} "
        year = rng.randint(1962, 1995)
        national_id = f"0{producer.province}{int(female)}{year % 100:02d}{rng.randint(0, 999999):06d}"
    if producer.kind in ("cooperative", "enterprise") or rng.random() < 0.3:
        # 10 digits; the tax office's province prefix and check digit are not modelled.
        tax_code = "".join(rng.choice("0123456789") for _ in range(10))
    founded = rng.randint(2008, 2021)
    province = province_names()[producer.province]
    where = f"{producer.commune}, {province}"
    lines = ", ".join(dict.fromkeys(data.PRODUCT_LINES[key].label for key, _ in producer.line_specs))
    intro = {
        "household": f"{producer.name} là cơ sở sản xuất của gia đình tại {where}, theo nghề từ năm {founded}.",
        "coop_group": f"{producer.name} gồm {rng.randint(6, 25)} hộ thành viên tại {where}, "
        f"cùng chia sẻ vùng nguyên liệu và quy trình sản xuất từ năm {founded}.",
        "cooperative": f"{producer.name} thành lập năm {founded} tại {where}, "
        f"có {rng.randint(7, 150)} thành viên và liên kết vùng nguyên liệu với nông hộ trong xã.",
        "enterprise": f"{producer.name} thành lập năm {founded} tại {where}, "
        f"thu mua nguyên liệu của nông hộ trong vùng và sử dụng {rng.randint(12, 200)} lao động địa phương.",
    }[producer.kind]
    return {
        "phone": phone,
        "national_id": national_id,
        "tax_code": tax_code,
        "description": f"{intro} Sản phẩm chính: {lines}.",
    }


# --- synthetic catalogue -------------------------------------------------------------------
_SYNTHETIC_SUFFIXES = ["", "– gói tiết kiệm", "– hộp quà Tết", "– loại đặc biệt", "(vụ mới)", "– combo 2",
                       "– combo 3", "– bao bì mới", "(lô xuất khẩu)", "– mẫu dùng thử"]  # fmt: skip


def synthetic_upc(number: int) -> str:
    return f"SYN-{number:07d}"


def synthetic_spec(number: int, base: tuple[ProductSpec, ...]) -> ProductSpec:
    """Synthetic product `number` (1-based), a variation on one of the hand-made products."""
    source = base[(number - 1) % len(base)]
    suffix = _SYNTHETIC_SUFFIXES[((number - 1) // len(base)) % len(_SYNTHETIC_SUFFIXES)]
    rng = random.Random(number)
    return ProductSpec(
        upc=synthetic_upc(number),
        title=f"{source.title} {suffix}".strip(),
        description=source.description,
        category=source.category,
        kind=source.kind,
        unit=source.unit,
        grams=source.grams,
        price=_round_price(source.price * rng.uniform(0.85, 1.25)),
        stock=_stock(rng, source.kind),
        producer=source.producer,
        province=source.province,
        commune=source.commune,
        group=source.group,
    )
