"""Forms of the seller workspace: the three listing screens and the one-line quick edit.

Forms only parse and check input shape; the rules (whole VND, stock not below allocated,
who may act) live in `services`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog.models import SellingUnit

from . import photos, services

Commune = get_model("regions", "Commune")


class OcopGroupField(forms.ModelChoiceField):
    """The leaves of the current OCOP tree, labelled with their path ("Thực phẩm › … › Chè")."""

    def __init__(self, **kwargs):
        super().__init__(queryset=services.listable_categories(), **kwargs)
        self._names = None

    def label_from_instance(self, obj):
        Category = services.Category
        if self._names is None:
            # One query for every ancestor name instead of one per option (Category.full_name).
            self._names = dict(Category.objects.filter(scheme=services.CURRENT_SCHEME).values_list("path", "name"))
        step = Category.steplen
        parts = [self._names.get(obj.path[: i + step]) for i in range(0, len(obj.path), step)]
        return " › ".join(p for p in parts if p)


class ListingBasicsForm(forms.Form):
    """Screen 1: what it is and what it costs."""

    title = forms.CharField(label=_("Product name"), max_length=255)
    category = OcopGroupField(label=_("OCOP product group"), empty_label=_("– choose –"))
    price = forms.IntegerField(label=_("Price (₫)"), min_value=1, max_value=int(services.MAX_PRICE))
    unit = forms.ChoiceField(label=_("Sold by"), choices=SellingUnit.choices, initial=SellingUnit.KG)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Phones show a number pad for inputmode=numeric: fewer taps for low-skill sellers.
        self.fields["price"].widget.attrs.update(inputmode="numeric", placeholder="120000")


class ListingDetailsForm(forms.Form):
    """Screen 2: packing, stock and origin."""

    shipping_weight_grams = forms.IntegerField(
        label=_("Packed weight (grams)"), min_value=1, max_value=100_000, initial=1000
    )
    num_in_stock = forms.IntegerField(
        label=_("Quantity in stock"), min_value=0, max_value=services.MAX_STOCK, initial=10
    )
    origin_commune = forms.ModelChoiceField(
        label=_("Origin (commune)"), queryset=Commune.objects.none(), required=False, empty_label=_("– my commune –")
    )
    description = forms.CharField(
        label=_("Short description (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("shipping_weight_grams", "num_in_stock"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        field = self.fields["origin_commune"]
        # Communes of the producer's own province only: a short list a cheap phone renders fast.
        if partner.commune_id:
            field.queryset = Commune.objects.filter(province_id=partner.commune.province_id).order_by("short_name")
            field.initial = partner.commune_id
        field.label_from_instance = lambda commune: commune.name


class ListingPhotoForm(forms.Form):
    """Screen 3: the photo, and whether to add an OCOP certificate next."""

    photo = forms.FileField(label=_("Product photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    add_certificate = forms.BooleanField(label=_("This product has an OCOP certificate: add it next"), required=False)

    def __init__(self, *args, certificate_step: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not certificate_step:
            del self.fields["add_certificate"]

    def clean_photo(self):
        upload = self.cleaned_data["photo"]
        if photos.photo_pipeline() is None:
            photos.clean_photo(upload)  # refuse a bad file here, with the form, not at the final save
        # With the catalogue's pipeline the file is checked once, when it is stored (services).
        return upload


class QuickEditForm(forms.Form):
    """Price, stock and visibility of one product, edited in its row of the product list."""

    price = forms.IntegerField(label=_("Price (₫)"), min_value=1, max_value=int(services.MAX_PRICE))
    num_in_stock = forms.IntegerField(label=_("Quantity in stock"), min_value=0, max_value=services.MAX_STOCK)
    is_public = forms.BooleanField(label=_("For sale"), required=False)
