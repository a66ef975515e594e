"""The filters of the dashboard, the exports and the IOC API: period, producer type, OCOP group."""

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.monitoring import definitions as d
from marketplace.monitoring.periods import KINDS, BadPeriod, Period
from marketplace.partner.models import ProducerType


def group_choices():
    return [(d.ALL, _("All OCOP groups"))] + [(g.code, g.name or _("No OCOP group")) for g in d.ocop_groups()]


class FilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=list(KINDS.items()), required=False)
    date = forms.DateField(label=_("Any day in it"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    producer_type = forms.ChoiceField(
        label=_("Producer type"), choices=[("", _("All producer types")), *ProducerType.choices], required=False
    )
    ocop_group = forms.ChoiceField(label=_("OCOP group"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ocop_group"].choices = group_choices()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")


@dataclass
class Filters:
    period: Period
    producer_type: str | None
    ocop_group: str
    form: FilterForm
    error: str = ""

    def query(self, **changes) -> str:
        from urllib.parse import urlencode

        params = {**self.period.as_params(), "producer_type": self.producer_type or "", "ocop_group": self.ocop_group}
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v not in ("", None, d.ALL)})


def parse_filters(data) -> Filters:
    """Filters from query parameters; anything invalid falls back to this month, all types, all groups."""
    today = timezone.localdate()
    form = FilterForm(data or None)
    clean = form.cleaned_data if form.is_valid() else {}
    error = "" if form.is_valid() or not data else _("Some filters were not understood and were left out.")
    try:
        period = Period.parse(
            clean.get("period") or "month", clean.get("date"), clean.get("start"), clean.get("end"), today=today
        )
    except BadPeriod as exc:
        period, error = Period.containing("month", today), str(exc)
    if not form.is_bound:
        form = FilterForm(initial={"period": period.kind, "date": period.start})
    return Filters(period, clean.get("producer_type") or None, clean.get("ocop_group") or d.ALL, form, error)
