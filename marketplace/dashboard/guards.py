"""Oscar's dashboard is for platform staff; a seller who reaches it is sent to /seller/.

Onboarding gives sellers `partner.dashboard_access`. Oscar then lets them into the order and
catalogue dashboards, limited to orders and products of their partners, but the order pages show
the whole order (other sellers' lines, the order total) and the catalogue pages bypass the
workspace rules (stock never below what is allocated, audit trail for helpers).
"""

from functools import wraps

from django.shortcuts import redirect


def sellers_to_workspace(oscar_decorator):
    """Keep Oscar's permission check, then send any authenticated non-staff user to /seller/."""

    def decorate(view):
        checked = oscar_decorator(view) if oscar_decorator else view

        @wraps(view)
        def staff_only(request, *args, **kwargs):
            if request.user.is_authenticated and not request.user.is_staff:
                number = kwargs.get("number")  # an order page: open the seller's view of that order
                if number:
                    return redirect("workspace:order-lookup", number=number)
                return redirect("workspace:home")
            return checked(request, *args, **kwargs)

        return staff_only

    return decorate
