from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import forms as oscar_forms

from marketplace.regions.models import Commune, Province
from payments.checkout.services import CHECKOUT_METHODS
from payments.models import PaymentMethod


class PaymentMethodForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How will you pay?"),
        widget=forms.RadioSelect,
        choices=[(m.value, m.label) for m in PaymentMethod if m in CHECKOUT_METHODS],
        initial=PaymentMethod.VNPAY,
    )


def _fold(text: str) -> str:
    return " ".join((text or "").split()).casefold()


class ShippingAddressForm(oscar_forms.ShippingAddressForm):
    """A Vietnamese delivery address: name, phone, street, commune (line2) and province (line4).

    The carrier calls the buyer, so the phone is required; the postcode is optional. The commune
    must be one of the province's communes (when the administrative units are loaded).
    """

    class Meta(oscar_forms.ShippingAddressForm.Meta):
        fields = ["first_name", "last_name", "phone_number", "line1", "line2", "line4", "postcode", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["phone_number"].required = True
        fields["phone_number"].label = _("Phone number")
        fields["phone_number"].help_text = _("The carrier calls this number before delivery.")
        fields["line1"].label = _("House number and street")
        fields["line2"].label = _("Commune / ward")
        fields["line2"].required = True
        provinces = list(Province.objects.order_by("name").values_list("name", flat=True))
        if provinces:
            fields["line4"] = forms.TypedChoiceField(
                label=_("Province / city"), choices=[("", "---------"), *[(p, p) for p in provinces]]
            )
        else:
            fields["line4"].label = _("Province / city")
        fields["postcode"].required = False
        fields["postcode"].label = _("Postcode (optional)")

    def clean(self):
        cleaned = super().clean()
        province, commune = cleaned.get("line4"), cleaned.get("line2")
        if province and commune:
            names = Commune.objects.filter(province__name=province).values_list("name", "short_name")
            known = {_fold(n) for pair in names for n in pair}
            if known and _fold(commune) not in known:
                self.add_error(
                    "line2",
                    _("%(province)s has no commune or ward called “%(commune)s”.")
                    % {"province": province, "commune": commune},
                )
        return cleaned
