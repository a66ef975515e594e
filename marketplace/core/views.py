"""The storefront home page: featured OCOP products, groups and provinces, from the database.

It does not depend on the search engine, so the front door stays open during a search outage.
"""

from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from catalog.selectors import browsable_products, with_listing_data

Category = get_model("catalogue", "Category")
Province = get_model("regions", "Province")

FEATURED = 12


class HomeView(TemplateView):
    template_name = "marketplace/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        certified = Q(ocop_certificates__status="awarded", ocop_certificates__verification="verified",
                      ocop_certificates__revoked_at__isnull=True,
                      ocop_certificates__valid_until__gte=today)
        featured_ids = list(
            browsable_products().filter(certified).order_by("-ocop_certificates__stars", "-date_created")
            .values_list("id", flat=True).distinct()[: FEATURED * 3]
        )
        # distinct() over an ordered join can repeat ids; keep first occurrences
        featured_ids = list(dict.fromkeys(featured_ids))[:FEATURED]
        featured = sorted(with_listing_data(browsable_products().filter(id__in=featured_ids)),
                          key=lambda p: featured_ids.index(p.id))
        ctx["featured"] = featured
        ctx["newest"] = list(with_listing_data(browsable_products())[:FEATURED])
        ctx["groups"] = Category.objects.get_root_nodes().filter(is_public=True, scheme="qd148-2023")
        ctx["provinces"] = (
            Province.objects.annotate(n=Count("communes__products", filter=Q(communes__products__is_public=True)))
            .filter(n__gt=0).order_by("-n")[:12]
        )
        return ctx
