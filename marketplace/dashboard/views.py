from django.shortcuts import redirect
from oscar.apps.dashboard.views import IndexView as OscarIndexView


class IndexView(OscarIndexView):
    """Staff see Oscar's dashboard; a seller's dashboard home is the seller workspace.

    Oscar's non-staff index still reports revenue as the sum of whole order totals, which
    counts other sellers' goods in a shared order.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_staff:
            return redirect("workspace:home")
        return super().dispatch(request, *args, **kwargs)
