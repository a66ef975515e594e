"""Seller-side lot pages (`/trace/manage/`): a seller or its assigned helper, nobody else.

Every lookup goes through `selectors.managed_lots`, so another seller's lot is a 404 whether
it exists or not. Each view parses a form, calls one service and redirects or re-renders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.sellers.roles import managed_partners

from . import selectors, services
from .forms import CertificationForm, EventForm, LotForm, RecallForm, add_service_errors


def _require_seller(user):
    if not managed_partners(user).exists():
        raise Http404("Not a seller or helper")


def _managed_lot(request, code):
    return get_object_or_404(selectors.managed_lots(request.user), code=code)


def _detail_context(lot, **forms):
    province = lot.producer.commune.province if lot.producer.commune_id else None
    context = {
        "lot": lot,
        "record": selectors.trace_record(lot),
        "event_form": EventForm(province=province),
        "certification_form": CertificationForm(),
        "recall_form": RecallForm(),
    }
    context.update(forms)
    return context


@login_required
def lot_list(request):
    _require_seller(request.user)
    lots = selectors.managed_lots(request.user).order_by("-created_at", "-id")
    return render(request, "traceability/manage/lot_list.html", {"lots": lots})


@login_required
@require_http_methods(["GET", "POST"])
def lot_create(request):
    _require_seller(request.user)
    products = selectors.manageable_products(request.user)
    form = LotForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        try:
            lot = services.create_lot(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as denied:
            raise Http404 from denied
        else:
            messages.success(request, _("Lot %(code)s created as a draft.") % {"code": lot.code})
            return redirect("traceability:manage-lot", code=lot.code)
    return render(request, "traceability/manage/lot_form.html", {"form": form})


@login_required
def lot_detail(request, code):
    lot = _managed_lot(request, code)
    return render(request, "traceability/manage/lot_detail.html", _detail_context(lot))


def _act(request, lot, form_name, form, call, success_message):
    """Run one service from a posted form; on failure show the lot page again with the errors."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success_message)
            return redirect("traceability:manage-lot", code=lot.code)
    lot.refresh_from_db()
    return render(request, "traceability/manage/lot_detail.html", _detail_context(lot, **{form_name: form}), status=400)


@login_required
@require_POST
def event_add(request, code):
    lot = _managed_lot(request, code)
    province = lot.producer.commune.province if lot.producer.commune_id else None
    form = EventForm(request.POST, province=province)
    return _act(
        request,
        lot,
        "event_form",
        form,
        lambda data: services.record_event(actor=request.user, lot=lot, **data),
        _("Event recorded."),
    )


@login_required
@require_POST
def certification_add(request, code):
    lot = _managed_lot(request, code)
    form = CertificationForm(request.POST)

    def call(data):
        producer_wide = data.pop("producer_wide")
        target = {"producer": lot.producer} if producer_wide else {"lot": lot}
        services.add_certification(actor=request.user, **target, **data)

    return _act(request, lot, "certification_form", form, call, _("Certification added."))


@login_required
@require_POST
def lot_publish(request, code):
    lot = _managed_lot(request, code)
    try:
        services.publish_lot(actor=request.user, lot=lot)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Lot %(code)s is published.") % {"code": lot.code})
    return redirect("traceability:manage-lot", code=lot.code)


@login_required
@require_POST
def lot_recall(request, code):
    lot = _managed_lot(request, code)
    form = RecallForm(request.POST)
    return _act(
        request,
        lot,
        "recall_form",
        form,
        lambda data: services.recall_lot(actor=request.user, lot=lot, reason=data["reason"]),
        _("Lot %(code)s is recalled.") % {"code": lot.code},
    )
