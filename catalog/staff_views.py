"""Provincial staff check OCOP certificates: a queue, verify, reject with a note, revoke with a reason.

Thin views: the province scope and every rule live in catalog/ocop_lifecycle.py. A certificate of
another province answers 404, as if it did not exist; a signed-in user who is not programme staff
gets 404 too, so the pages reveal nothing about who is staff.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from catalog import ocop_lifecycle
from catalog.models import CertificateVerification
from marketplace.sellers import roles

SHOW = {
    "pending": {"verification": CertificateVerification.PENDING, "revoked_at__isnull": True},
    "verified": {"verification": CertificateVerification.VERIFIED, "revoked_at__isnull": True},
    "rejected": {"verification": CertificateVerification.REJECTED},
    "revoked": {"revoked_at__isnull": False},
}


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it rejected? (the seller reads this)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revocation"), widget=forms.Textarea(attrs={"rows": 3}))


class StaffOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.is_programme_staff(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def certificates(self):
        return ocop_lifecycle.certificates_for_staff(self.request.user)


class CertificateQueueView(StaffOnlyMixin, ListView):
    template_name = "certificates/staff_queue.html"
    context_object_name = "certificates"
    paginate_by = 50

    def get_queryset(self):
        self.show = self.request.GET.get("show") if self.request.GET.get("show") in SHOW else "pending"
        # Oldest first: the seller who has waited longest is answered first.
        return self.certificates().filter(**SHOW[self.show]).order_by("created_at", "id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, tabs=list(SHOW), **kwargs)


class CertificateDetailView(StaffOnlyMixin, DetailView):
    template_name = "certificates/staff_detail.html"
    context_object_name = "certificate"

    def get_queryset(self):
        return self.certificates()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("reject_form", RejectForm())
        kwargs.setdefault("revoke_form", RevokeForm())
        return super().get_context_data(**kwargs)


class CertificateActionView(StaffOnlyMixin, View):
    """POST only: run one lifecycle service on one certificate of the staff member's province."""

    action = None  # "verify", "reject" or "revoke"
    done = {
        "verify": _("Certificate verified: its star now shows."),
        "reject": _("Certificate rejected; the seller is told why."),
        "revoke": _("Certificate revoked: its star no longer shows."),
    }

    def post(self, request, pk):
        cert = get_object_or_404(self.certificates(), pk=pk)
        try:
            if self.action == "verify":
                ocop_lifecycle.verify_certificate(certificate=cert, staff=request.user)
            elif self.action == "reject":
                ocop_lifecycle.reject_certificate(
                    certificate=cert, staff=request.user, note=request.POST.get("note", "")
                )
            else:
                ocop_lifecycle.revoke_certificate(
                    certificate=cert, staff=request.user, reason=request.POST.get("reason", "")
                )
        except ocop_lifecycle.CertificateRefused as exc:
            messages.error(request, exc.message)
            return redirect("certificates-staff:detail", pk=cert.pk)
        messages.success(request, self.done[self.action])
        return redirect("certificates-staff:queue")
