"""Forms parse what was typed; the rules (identity, bank, duplicates, consent) live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.partner.models import ProducerType

from .models import ConsentMethod
from .services import ApplicationDetails
from .validators import napas_banks

Province = get_model("regions", "Province")
Commune = get_model("regions", "Commune")


def _tel(**attrs):
    return forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", **attrs})


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone number"), max_length=20, widget=_tel(placeholder="0912 345 678"))


class AssistedPhoneForm(PhoneForm):
    """A helper types the household's number and says how the household agrees."""

    phone = forms.CharField(
        label=_("The household's mobile phone number"), max_length=20, widget=_tel(placeholder="0912 345 678")
    )
    consent_method = forms.ChoiceField(
        label=_("How does the household agree?"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        initial=ConsentMethod.OTP,
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}),
    )


def bank_choices():
    return [("", _("Choose your bank"))] + [(b.bin, f"{b.short_name} – {b.full_name}") for b in napas_banks().values()]


class ApplicationForm(forms.Form):
    seller_type = forms.ChoiceField(label=_("Kind of producer"), choices=ProducerType.choices, widget=forms.RadioSelect)
    display_name = forms.CharField(label=_("Shop name"), max_length=128)
    representative_name = forms.CharField(label=_("Full name of the owner or representative"), max_length=128)
    national_id = forms.CharField(
        label=_("Citizen ID (CCCD)"),
        max_length=16,
        required=False,
        help_text=_("12 digits. Required for households and cooperative groups (the representative's)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=16,
        required=False,
        help_text=_("10 digits, or 13 for a branch. Required for cooperatives and enterprises."),
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name"), empty_label=_("Choose the province")
    )
    commune = forms.ModelChoiceField(
        label=_("Commune / ward"), queryset=Commune.objects.none(), empty_label=_("Choose the commune")
    )
    address = forms.CharField(label=_("Village, hamlet or street"), max_length=255, required=False)
    description = forms.CharField(
        label=_("About your products"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    bank_bin = forms.ChoiceField(label=_("Bank for payouts"), choices=bank_choices)
    bank_account_number = forms.CharField(
        label=_("Account number"), max_length=24, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    bank_account_holder = forms.CharField(
        label=_("Account holder"), max_length=128, help_text=_("As printed by the bank, e.g. NGUYEN VAN AN.")
    )

    def __init__(self, *args, paper_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the chosen province's communes: a full list of 3,321 is unusable on a phone.
        province = self.data.get(self.add_prefix("province")) or self.initial.get("province")
        if province:
            self.fields["commune"].queryset = Commune.objects.filter(province_id=str(province)).order_by("name")
        if paper_consent:
            self.fields["consent_document"] = forms.FileField(
                label=_("Photo of the signed consent form"),
                widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
            )

    def details(self) -> ApplicationDetails:
        data = self.cleaned_data
        return ApplicationDetails(
            seller_type=data["seller_type"],
            display_name=data["display_name"],
            representative_name=data["representative_name"],
            national_id=data["national_id"],
            tax_code=data["tax_code"],
            commune=data["commune"],
            address=data["address"],
            description=data["description"],
            bank_bin=data["bank_bin"],
            bank_account_number=data["bank_account_number"],
            bank_account_holder=data["bank_account_holder"],
        )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to the applicant by SMS)"), widget=forms.Textarea(attrs={"rows": 3}))
