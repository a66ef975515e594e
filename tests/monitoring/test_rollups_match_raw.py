"""Every indicator read from the roll-ups equals the same indicator computed straight from the raw
tables, on generated histories (three seeds), for scopes and periods that hypothesis picks, each
beside its previous period; and so do the breakdowns and the trend lines.

A comparison is of the whole `Figures` (every indicator, the payment mix and the histogram of
delivery hours behind the median), so a single order counted on the wrong day fails it.
"""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.monitoring import rollups, selectors
from marketplace.monitoring.facts import local_day
from marketplace.monitoring.figures import Figures, Scope
from marketplace.monitoring.periods import Period

from .world import PROVINCES, TYPES, build_world

TODAY = datetime.date(2025, 9, 17)
GROUPS = ["*", "ocop148-tp", "ocop148-du", "ocop148-tc", "-"]
SEEDS = [1, 2, 3]

pytestmark = pytest.mark.django_db


def nonzero(table: dict) -> dict:
    return {key: figures for key, figures in table.items() if figures != Figures()}


def mismatches(scope, period) -> list:
    found = []
    rolled, raw = selectors.indicators(scope, period), selectors.indicators(scope, period, source="raw")
    for label, a, b in (("current", rolled.current, raw.current), ("previous", rolled.previous, raw.previous)):
        if a != b:
            diff = {k: (v, b.as_dict()[k]) for k, v in a.as_dict().items() if v != b.as_dict()[k]}
            found.append((label, scope, period, diff or "delivery hours differ"))
    return found


def periods():
    day = st.dates(min_value=TODAY - datetime.timedelta(days=520), max_value=TODAY + datetime.timedelta(days=40))
    fixed = st.builds(Period.containing, st.sampled_from(["day", "week", "month", "quarter", "year"]), day)
    custom = st.builds(
        lambda start, days: Period.custom(start, start + datetime.timedelta(days=days)), day, st.integers(0, 400)
    )
    return st.one_of(fixed, custom)


def scopes(world):
    def build(province, use_commune, producer_type, group):
        commune = world.communes[province][0] if province and use_commune else None
        return Scope(province=province, commune=commune, producer_type=producer_type, ocop_group=group)

    return st.builds(
        build,
        st.sampled_from([None, *PROVINCES]),
        st.booleans(),
        st.sampled_from([None, *TYPES]),
        st.sampled_from(GROUPS),
    )


@pytest.fixture(scope="module", params=SEEDS, ids=lambda seed: f"seed{seed}")
def world(request, django_db_setup, django_db_blocker):
    """One history per seed for the whole module, rolled back at the end (tests run in savepoints)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            found = build_world(request.param, today=TODAY)
            rollups.rebuild_all()
            yield found
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_indicators_from_rollups_equal_the_raw_computation(world):
    @settings(max_examples=35, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(scope=scopes(world), period=periods())
    def same(scope, period):
        assert mismatches(scope, period) == []

    same()


@pytest.mark.parametrize(
    "scope, by",
    [
        (Scope(), "province"),
        (Scope(province="14"), "commune"),
        (Scope(province="66", ocop_group="ocop148-tp"), "commune"),
        (Scope(), "producer_type"),
        (Scope(province="38"), "ocop_group"),
        (Scope(province="14", producer_type="household"), "seller"),
    ],
    ids=["provinces", "communes", "communes-of-a-group", "producer-types", "ocop-groups", "sellers"],
)
@pytest.mark.parametrize(
    "period",
    [
        Period.containing("year", TODAY),
        Period.containing("quarter", TODAY),
        Period.custom(TODAY - datetime.timedelta(days=45), TODAY - datetime.timedelta(days=3)),
    ],
    ids=["year", "quarter", "45-days"],
)
def test_breakdowns_from_rollups_equal_the_raw_computation(world, scope, by, period):
    rolled = nonzero(selectors.breakdown(scope, period, by))
    raw = nonzero(selectors.breakdown(scope, period, by, source="raw"))
    if scope.ocop_group == "*":
        assert rolled, "nothing to compare: the generated history should fill this table"
    assert rolled == raw


@pytest.mark.parametrize(
    "period",
    [
        Period.containing("year", TODAY),
        Period.containing("month", TODAY),
        Period.custom(datetime.date(2024, 11, 20), datetime.date(2025, 2, 10)),
    ],
    ids=["by-month", "by-day", "partial-months"],
)
@pytest.mark.parametrize("scope", [Scope(), Scope(province="66", ocop_group="-")], ids=["country", "province-no-group"])
def test_trend_from_rollups_equals_the_raw_computation(world, scope, period):
    rolled = selectors.trend(scope, period)
    raw = selectors.trend(scope, period, source="raw")
    assert [bucket for bucket, _ in rolled] == [bucket for bucket, _ in raw] == period.buckets()
    assert [f for _, f in rolled] == [f for _, f in raw]
    assert any(f.orders for _, f in rolled)


def test_the_comparison_catches_a_stale_rollup_and_a_refresh_repairs_it(world):
    """A seller cancels an order with a queryset update (no signal, so no refresh): the roll-ups are
    now wrong for that day and the comparison says so; refreshing that province's day repairs it."""
    from marketplace.order.models import FulfilmentGroup

    part = FulfilmentGroup.objects.filter(status="delivered", partner__commune__isnull=False).order_by("pk").first()
    day = local_day(part.order.date_placed)
    province = part.partner.commune.province_id
    scope, period = Scope(province=province), Period.containing("day", day)
    assert mismatches(scope, period) == []
    FulfilmentGroup.objects.filter(pk=part.pk).update(status="cancelled")

    found = mismatches(scope, period)
    assert found and {"orders", "orders_cancelled", "gross_value"} <= set(found[0][3])
    rollups.refresh_province(province, {day})
    assert mismatches(scope, period) == []
    assert mismatches(Scope(province=province), Period.containing("year", day)) == []


def test_the_comparison_catches_a_tampered_month_row(world):
    from marketplace.monitoring.models import SellerMonth

    row = SellerMonth.objects.filter(ocop_group="*", orders__gt=0).order_by("pk").first()
    SellerMonth.objects.filter(pk=row.pk).update(items=row.items + 1)
    found = mismatches(Scope(province=row.province_id), Period.containing("month", row.month))
    [(label, _scope, _period, diff)] = found
    assert label == "current" and list(diff) == ["items"] and diff["items"][0] == diff["items"][1] + 1


@pytest.mark.parametrize("by", ["province", "producer_type", "ocop_group"])
@pytest.mark.parametrize(
    "keys",
    [
        ["gross_value"],
        ["ocop_online", "gross_value"],
        ["sellers", "active_sellers", "orders", "weight_tonnes", "cashless_share", "delivery_success_rate"],
        ["median_delivery_hours", "ocop_online_share", "orders_cod"],
    ],
    ids=["value", "value-and-stars", "page-table", "median-share-cod"],
)
def test_a_table_that_asks_for_fewer_indicators_gets_the_same_values(world, by, keys):
    period = Period.containing("year", TODAY)
    partial = selectors.breakdown(Scope(), period, by, keys=keys)
    raw = selectors.breakdown(Scope(), period, by, source="raw")
    for key in set(partial) | set(raw):
        for indicator in keys:
            assert partial.get(key, Figures()).value(indicator) == raw.get(key, Figures()).value(indicator), (
                key,
                indicator,
            )
