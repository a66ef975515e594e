"""The storefront home page: featured OCOP products, groups and provinces, from the database.

It does not depend on the search engine, so the front door stays open during a search outage.
"""

from django.views.generic import TemplateView
from oscar.core.loading import get_model

from catalog.selectors import browsable_products, storefront_picks, with_listing_data

Category = get_model("catalogue", "Category")


class HomeView(TemplateView):
    template_name = "marketplace/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        picks = storefront_picks()
        ids = picks["featured"] + picks["newest"]
        by_id = {p.id: p for p in with_listing_data(browsable_products().filter(id__in=ids))}
        ctx["featured"] = [by_id[i] for i in picks["featured"] if i in by_id]
        ctx["newest"] = [by_id[i] for i in picks["newest"] if i in by_id]
        ctx["groups"] = Category.objects.get_root_nodes().filter(is_public=True, scheme="qd148-2023")
        ctx["provinces"] = picks["provinces"]
        return ctx
