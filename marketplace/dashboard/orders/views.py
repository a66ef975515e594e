"""Oscar's order dashboard for staff only; sellers are redirected to the seller workspace.

Oscar limits a partner user to orders that contain one of its lines, but then shows the whole
order: other sellers' lines, the order total, the shipping charge. Rather than patch each
template, every order page sends a non-staff user to /seller/, where selectors only ever read
the seller's own lines.
"""

from django.shortcuts import redirect
from oscar.apps.dashboard.orders import views as oscar_views


class SellersUseTheWorkspace:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_staff:
            number = kwargs.get("number")
            if number:
                return redirect("workspace:order-lookup", number=number)
            return redirect("workspace:home")
        return super().dispatch(request, *args, **kwargs)


class OrderListView(SellersUseTheWorkspace, oscar_views.OrderListView):
    pass


class OrderStatsView(SellersUseTheWorkspace, oscar_views.OrderStatsView):
    pass


class OrderDetailView(SellersUseTheWorkspace, oscar_views.OrderDetailView):
    pass


class LineDetailView(SellersUseTheWorkspace, oscar_views.LineDetailView):
    pass


class ShippingAddressUpdateView(SellersUseTheWorkspace, oscar_views.ShippingAddressUpdateView):
    pass
