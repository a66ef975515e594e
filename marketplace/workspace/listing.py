"""The three-screen listing flow: 1. name, OCOP group, price, unit; 2. weight, stock, origin;
3. photo (+ an OCOP certificate next, when the certificate upload page exists).

Screens 1 and 2 keep what was typed in the session, per shop, as the raw form data; nothing is
written to the catalogue until screen 3 is sent, and then everything (product, stock record,
category, photo, audit entry) is created in one transaction by `services.list_product`. The raw
data is validated again at that moment, so a group removed in between cannot slip through.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from . import services
from .forms import ListingBasicsForm, ListingDetailsForm, ListingPhotoForm
from .views import render, shop_view

STEPS = (1, 2, 3)


def _session_key(shop) -> str:
    return f"workspace.listing.{shop.pk}"


def _forms(shop, step_data, step, data=None, files=None, certificate_step=False):
    if step == 1:
        return ListingBasicsForm(data=data, initial=step_data.get("basics"))
    if step == 2:
        return ListingDetailsForm(data=data, initial=step_data.get("details"), partner=shop)
    return ListingPhotoForm(data=data, files=files, certificate_step=certificate_step)


def certificate_upload_url(product_pk: int | None = None) -> str | None:
    """The OCOP certificate upload page for a product, if that page is installed.

    The certificates app is built alongside this one; accept the URL shapes it may take.
    """
    pk = product_pk or 1
    for kwargs in ({"product_id": pk}, {"pk": pk}, {"product_pk": pk}):
        try:
            return reverse("certificates:upload", kwargs=kwargs)
        except NoReverseMatch:
            continue
    try:
        return f"{reverse('certificates:upload')}?product={pk}"
    except NoReverseMatch:
        return None


@shop_view
def listing(request, shop, step=1):
    if step not in STEPS:
        raise Http404
    key = _session_key(shop)
    state = request.session.get(key, {})
    # A screen is reachable only once the screens before it were filled in.
    if step >= 2 and "basics" not in state:
        return redirect("workspace:listing", partner_id=shop.pk, step=1)
    if step == 3 and "details" not in state:
        return redirect("workspace:listing", partner_id=shop.pk, step=2)
    certificate_step = certificate_upload_url() is not None

    if request.method != "POST":
        form = _forms(shop, state, step, certificate_step=certificate_step)
        return _page(request, shop, step, form, certificate_step)

    form = _forms(shop, state, step, data=request.POST, files=request.FILES, certificate_step=certificate_step)
    if not form.is_valid():
        return _page(request, shop, step, form, certificate_step)
    if step < 3:
        state["basics" if step == 1 else "details"] = {name: request.POST.get(name, "") for name in form.fields}
        request.session[key] = state
        return redirect("workspace:listing", partner_id=shop.pk, step=step + 1)
    return _finish(request, shop, state, form)


def _finish(request, shop, state, photo_form):
    basics = ListingBasicsForm(data=state["basics"])
    details = ListingDetailsForm(data=state["details"], partner=shop)
    if not basics.is_valid():
        messages.error(request, _("Please check the name, group and price again."))
        return redirect("workspace:listing", partner_id=shop.pk, step=1)
    if not details.is_valid():
        messages.error(request, _("Please check the weight, stock and origin again."))
        return redirect("workspace:listing", partner_id=shop.pk, step=2)
    try:
        product = services.list_product(
            actor=request.user,
            partner=shop,
            photo=photo_form.cleaned_data["photo"],
            **basics.cleaned_data,
            **details.cleaned_data,
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        photo_form.add_error(None, exc)
        return _page(request, shop, 3, photo_form, photo_form.fields.get("add_certificate") is not None)
    request.session.pop(_session_key(shop), None)
    messages.success(request, _("%(title)s is now for sale.") % {"title": product.title})
    if photo_form.cleaned_data.get("add_certificate"):
        url = certificate_upload_url(product.pk)
        if url:
            return redirect(url)
    return redirect(f"{reverse('workspace:products', kwargs={'partner_id': shop.pk})}#p{product.pk}")


def _page(request, shop, step, form, certificate_step):
    return render(
        request,
        "workspace/listing.html",
        {"shop": shop, "step": step, "steps": STEPS, "form": form, "certificate_step": certificate_step},
    )
