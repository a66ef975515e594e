"""The seller's (or helper's) OCOP certificate upload page; the rules live in catalog.ocop_lifecycle."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog import ocop_lifecycle
from catalog.models import CertificateStatus, IssuingLevel
from marketplace.sellers.roles import managed_partners

Product = get_model("catalogue", "Product")


class CertificateUploadForm(forms.Form):
    stars = forms.TypedChoiceField(label=_("stars"), choices=[(3, "3★"), (4, "4★"), (5, "5★")], coerce=int)
    status = forms.ChoiceField(label=_("status"), choices=CertificateStatus.choices)
    decision_number = forms.CharField(label=_("decision number"), max_length=64)
    decision_date = forms.DateField(label=_("decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    issuing_level = forms.ChoiceField(label=_("issuing level"), choices=IssuingLevel.choices)
    document = forms.FileField(label=_("Certificate (photo or PDF)"))


@login_required
def upload(request, product_id):
    product = get_object_or_404(Product.objects.filter(producer__in=managed_partners(request.user)), pk=product_id)
    form = CertificateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ocop_lifecycle.upload_certificate(
                product=product,
                actor=request.user,
                file=form.cleaned_data["document"],
                **{
                    k: form.cleaned_data[k]
                    for k in ("stars", "status", "decision_number", "decision_date", "issuing_level")
                },
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Certificate received. The star shows once provincial staff verify it."))
            return redirect("workspace:products", partner_id=product.producer_id)
    return TemplateResponse(
        request, "workspace/certificate_upload.html", {"form": form, "product": product, "shop": product.producer}
    )
