"""A staff page that plays the carriers in `make run`: every open simulated parcel, with a button
that moves it one step (the carrier simulator then posts its webhook to us)."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logistics import simulation_driver, status
from logistics.models import Shipment


@staff_member_required
def board(request):
    shipments = [
        s
        for s in Shipment.objects.exclude(status__in=status.FINAL)
        .exclude(tracking_code="")
        .select_related("group__order")
        .order_by("-booked_at")[:200]
        if simulation_driver.is_simulated(s.carrier)
    ]
    return render(request, "logistics/simulator.html", {"shipments": shipments})


@staff_member_required
@require_POST
def advance(request, shipment_id: int):
    shipment = get_object_or_404(Shipment, pk=shipment_id)
    if not simulation_driver.is_simulated(shipment.carrier):
        raise Http404
    scenario = request.POST.get("scenario", "deliver")
    if scenario not in ("deliver", "return", "fail_once"):
        scenario = "deliver"
    step = simulation_driver.advance(
        shipment,
        base_url=f"{request.scheme}://{request.get_host()}",
        request_host=request.get_host(),
        scenario=scenario,
    )
    if step is None:
        messages.info(request, _("This parcel has reached the end of its journey."))
    else:
        messages.success(request, _("The carrier reported “%(status)s”.") % {"status": step})
    return redirect("logistics:simulator")
