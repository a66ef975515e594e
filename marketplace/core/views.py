"""The storefront home page: featured OCOP products, groups and provinces, from the database.

It does not depend on the search engine, so the front door stays open during a search outage.
"""

from django.views.generic import TemplateView
from oscar.core.loading import get_model

from catalog.selectors import browsable_by_ids, storefront_picks

Category = get_model("catalogue", "Category")


class HomeView(TemplateView):
    template_name = "marketplace/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        picks = storefront_picks()
        cards = {p.id: p for p in browsable_by_ids(picks["featured"] + picks["newest"])}  # one read for both
        ctx["featured"] = [cards[i] for i in picks["featured"] if i in cards]
        ctx["newest"] = [cards[i] for i in picks["newest"] if i in cards]
        ctx["groups"] = Category.objects.get_root_nodes().filter(is_public=True, scheme="qd148-2023")
        ctx["provinces"] = picks["provinces"]
        return ctx
