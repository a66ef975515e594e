"""The storefront home page: featured OCOP products, groups and provinces, from the database.

It does not depend on the search engine, so the front door stays open during a search outage.
"""

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from catalog.selectors import browsable_products, with_listing_data

Category = get_model("catalogue", "Category")
Province = get_model("regions", "Province")

FEATURED = 12
HOME_CACHE_KEY = "storefront:home-picks"
HOME_CACHE_SECONDS = 120  # a new product or star shows on the home page within two minutes


class HomeView(TemplateView):
    template_name = "marketplace/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        picks = cache.get_or_set(HOME_CACHE_KEY, _home_picks, HOME_CACHE_SECONDS)
        ids = picks["featured"] + picks["newest"]
        by_id = {p.id: p for p in with_listing_data(browsable_products().filter(id__in=ids))}
        ctx["featured"] = [by_id[i] for i in picks["featured"] if i in by_id]
        ctx["newest"] = [by_id[i] for i in picks["newest"] if i in by_id]
        ctx["groups"] = Category.objects.get_root_nodes().filter(is_public=True, scheme="qd148-2023")
        ctx["provinces"] = picks["provinces"]
        return ctx


def _home_picks() -> dict:
    """Which products and provinces the home page shows: ids and counts only, cached briefly.

    The cards themselves (price, stock, star) are read fresh on every request.
    """
    today = timezone.localdate()
    certified = Q(
        ocop_certificates__status="awarded",
        ocop_certificates__verification="verified",
        ocop_certificates__revoked_at__isnull=True,
        ocop_certificates__valid_until__gte=today,
    )
    featured = browsable_products().filter(certified).order_by("-ocop_certificates__stars", "-date_created")
    # distinct() over an ordered join can repeat ids; keep first occurrences
    featured_ids = list(dict.fromkeys(featured.values_list("id", flat=True)[: FEATURED * 3]))[:FEATURED]
    provinces = (
        Province.objects.annotate(n=Count("communes__products", filter=Q(communes__products__is_public=True)))
        .filter(n__gt=0)
        .order_by("-n")[:12]
    )
    return {
        "featured": featured_ids,
        "newest": list(browsable_products().values_list("id", flat=True)[:FEATURED]),
        "provinces": [{"code": p.code, "short_name": p.short_name, "n": p.n} for p in provinces],
    }
