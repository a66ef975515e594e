"""Input parsing for the seller-side pages. Rules are in `services.py`; forms only shape input."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog.models import SellingUnit

from .models import CertificationScheme, TraceEventType

Commune = get_model("regions", "Commune")

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LotForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=None)
    harvest_date = forms.DateField(label=_("Harvest date"), required=False, widget=DATE)
    pack_date = forms.DateField(label=_("Pack date"), required=False, widget=DATE)
    best_before = forms.DateField(label=_("Best before"), required=False, widget=DATE)
    quantity = forms.DecimalField(label=_("Quantity"), required=False, max_digits=12, decimal_places=3, min_value=0)
    unit = forms.ChoiceField(label=_("Unit"), choices=[("", "—"), *SellingUnit.choices], required=False)
    planting_area_code = forms.CharField(
        label=_("Planting-area code"), required=False, max_length=40, help_text=_("As issued, e.g. VN-SL-0001")
    )
    packing_house_code = forms.CharField(label=_("Packing-house code"), required=False, max_length=40)

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


class EventForm(forms.Form):
    # A recall is its own action with its own confirmation, not an ordinary event.
    event_type = forms.ChoiceField(
        label=_("Event"), choices=[c for c in TraceEventType.choices if c[0] != TraceEventType.RECALL]
    )
    occurred_at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    commune = forms.ModelChoiceField(label=_("Where (commune)"), queryset=Commune.objects.none(), required=False)
    place = forms.CharField(label=_("Place"), required=False, max_length=160)
    counterparty = forms.CharField(label=_("Business received from / shipped to"), required=False, max_length=160)
    input_lot_code = forms.CharField(label=_("Supplier's lot code"), required=False, max_length=64)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The producer's own province keeps the list short on a phone (dozens, not 3,321).
        communes = Commune.objects.select_related("province")
        self.fields["commune"].queryset = communes.filter(province=province) if province else communes


class CertificationForm(forms.Form):
    scheme = forms.ChoiceField(label=_("Scheme"), choices=CertificationScheme.choices)
    scheme_name = forms.CharField(label=_("Scheme name (if other)"), required=False, max_length=80)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=64)
    issuer = forms.CharField(label=_("Issued by"), max_length=160)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    producer_wide = forms.BooleanField(label=_("Applies to all my lots"), required=False)


class RecallForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the recall"), widget=forms.Textarea(attrs={"rows": 2}))


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's errors next to the matching inputs, the rest at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
