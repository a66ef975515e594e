from django import forms
from django.utils.translation import gettext_lazy as _

from payments.checkout.services import CHECKOUT_METHODS
from payments.models import PaymentMethod


class PaymentMethodForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How will you pay?"),
        widget=forms.RadioSelect,
        choices=[(m.value, m.label) for m in PaymentMethod if m in CHECKOUT_METHODS],
        initial=PaymentMethod.VNPAY,
    )
