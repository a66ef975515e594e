"""The provincial staff's queue: list, read, approve, reject."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import moderation, selectors
from ..errors import Refused
from ..forms import RejectForm
from ..roles import is_programme_staff


@login_required
def queue(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied
    return render(request, "sellers/moderation_queue.html", {"applications": selectors.moderation_queue(request.user)})


@login_required
def detail(request, pk):
    application = selectors.application_for_staff(request.user, pk)
    return render(request, "sellers/moderation_detail.html", {"application": application, "reject_form": RejectForm()})


@login_required
@require_POST
def approve(request, pk):
    application = selectors.application_for_staff(request.user, pk)
    try:
        partner = moderation.approve_application(application=application, staff=request.user)
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("sellers:moderation-detail", pk=pk)
    messages.success(
        request, _("Approved: the shop %(name)s is open and the seller has been told by SMS.") % {"name": partner.name}
    )
    return redirect("sellers:moderation")


@login_required
@require_POST
def reject(request, pk):
    application = selectors.application_for_staff(request.user, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            moderation.reject_application(
                application=application, staff=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except Refused as exc:
            messages.error(request, exc.message)
            return redirect("sellers:moderation-detail", pk=pk)
        else:
            messages.success(request, _("Rejected; the applicant has been told why by SMS."))
            return redirect("sellers:moderation")
    return render(
        request, "sellers/moderation_detail.html", {"application": application, "reject_form": form}, status=400
    )


@login_required
def consent_document(request, pk):
    """The signed paper form: served only to staff of the application's province, never from MEDIA_URL."""
    application = selectors.application_for_staff(request.user, pk)
    if not application.consent_document:
        raise Http404
    return FileResponse(application.consent_document.open("rb"))
