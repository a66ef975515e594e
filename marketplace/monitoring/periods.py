"""Reporting periods: a day, an ISO week, a month, a quarter, a year or a custom range of days,
each with the period before it (the same kind, or as many days just before for a custom range)."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from marketplace.monitoring.definitions import EPOCH

KINDS = {
    "day": _("Day"),
    "week": _("Week"),
    "month": _("Month"),
    "quarter": _("Quarter"),
    "year": _("Year"),
    "custom": _("Custom range"),
}
MAX_CUSTOM_DAYS = 3 * 366
ONE_DAY = datetime.timedelta(days=1)


class BadPeriod(ValueError):
    """A period that cannot be reported on; the message is for the person who asked."""


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def containing(cls, kind: str, day: datetime.date) -> "Period":
        if kind == "day":
            return cls(kind, day, day)
        if kind == "week":
            start = day - datetime.timedelta(days=day.weekday())
            return cls(kind, start, start + datetime.timedelta(days=6))
        if kind == "month":
            start = day.replace(day=1)
        elif kind == "quarter":
            start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        elif kind == "year":
            start = day.replace(month=1, day=1)
        else:
            raise BadPeriod(_("Unknown period type."))
        months = {"month": 1, "quarter": 3, "year": 12}[kind]
        return cls(kind, start, start + relativedelta(months=months) - ONE_DAY)

    @classmethod
    def custom(cls, start: datetime.date, end: datetime.date) -> "Period":
        if end < start:
            raise BadPeriod(_("The end of the range is before its start."))
        if (end - start).days >= MAX_CUSTOM_DAYS:
            raise BadPeriod(_("A custom range can cover at most three years."))
        return cls("custom", start, end)

    @classmethod
    def parse(
        cls,
        kind: str | None,
        day: str | None = None,
        start: str | None = None,
        end: str | None = None,
        *,
        today: datetime.date,
    ) -> "Period":
        """A period from query parameters: `kind` and any `day` inside it, or `start`..`end` for custom."""
        kind = kind or "month"
        try:
            if kind == "custom":
                period = cls.custom(_date(start), _date(end))
            else:
                period = cls.containing(kind, _date(day) if day else today)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, BadPeriod):
                raise
            raise BadPeriod(_("Dates are written YYYY-MM-DD.")) from exc
        if period.start - (period.end - period.start) - ONE_DAY < EPOCH + relativedelta(years=1):
            raise BadPeriod(_("The period starts too early."))
        return period

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        if self.kind in ("custom", "day", "week"):
            return Period(self.kind, self.start - datetime.timedelta(days=self.days), self.start - ONE_DAY)
        return Period.containing(self.kind, self.start - ONE_DAY)

    def buckets(self) -> list["Period"]:
        """The steps of a trend line: days up to two months, else months (cut to the period)."""
        if self.days <= 62:
            return [Period("day", d, d) for d in _days(self.start, self.end)]
        out, start = [], self.start
        while start <= self.end:
            month = Period.containing("month", start)
            out.append(Period("month", start, min(month.end, self.end)))
            start = month.end + ONE_DAY
        return out

    @property
    def bucket_kind(self) -> str:
        return "day" if self.days <= 62 else "month"

    def label(self) -> str:
        if self.kind == "day":
            return self.start.strftime("%d/%m/%Y")
        if self.kind == "week":
            return f"{_('Week')} {self.start.isocalendar()[1]}/{self.start.isocalendar()[0]}"
        if self.kind == "month":
            return self.start.strftime("%m/%Y")
        if self.kind == "quarter":
            return f"{_('Quarter')} {(self.start.month - 1) // 3 + 1}/{self.start.year}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def short_label(self) -> str:
        return self.start.strftime("%d/%m") if self.kind == "day" else self.start.strftime("%m/%Y")

    def as_params(self) -> dict:
        if self.kind == "custom":
            return {"period": "custom", "start": self.start.isoformat(), "end": self.end.isoformat()}
        return {"period": self.kind, "date": self.start.isoformat()}


def _date(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _days(start, end):
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


def month_parts(start: datetime.date, end: datetime.date):
    """Split [start, end] into whole calendar months and the leftover day ranges at either edge.

    Returns (list of month first-days, list of (first day, last day) ranges)."""
    months, ranges = [], []
    cursor = start
    while cursor <= end:
        month_start = cursor.replace(day=1)
        month_end = month_start + relativedelta(months=1) - ONE_DAY
        if cursor == month_start and month_end <= end:
            months.append(month_start)
        else:
            ranges.append((cursor, min(month_end, end)))
        cursor = month_end + ONE_DAY
    return months, ranges
