"""Staff pages under /staff/monitoring/: the dashboard (country → province → commune), its exports,
the open data and the IOC API tokens.

Thin views: the figures come from `dashboard.py`/`tables.py`, the rules of who sees what from
`marketplace/sellers/roles.py`. Like the other staff pages, a signed-in user who is not
programme staff, or staff asking for another province, gets 404: ids reveal nothing.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from oscar.core.loading import get_model

from marketplace.monitoring import dashboard, exports, opendata, tables, tokens
from marketplace.monitoring.figures import Scope
from marketplace.monitoring.forms import parse_filters
from marketplace.sellers import roles

Province = get_model("regions", "Province")
Commune = get_model("regions", "Commune")
IocToken = get_model("monitoring", "IocToken")


class StaffOnly(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.is_programme_staff(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def is_national(self) -> bool:
        return roles.staff_profile(self.request.user).is_national

    def area(self, province=None, commune=None):
        """(Province, Commune) the user may see, or 404; the whole country only for national staff."""
        if province is None:
            if not self.is_national:
                raise Http404
            return None, None
        if not roles.staff_can_see_province(self.request.user, province):
            raise Http404
        found = get_object_or_404(Province, code=province)
        return found, get_object_or_404(Commune, code=commune, province=found) if commune else None

    def scope(self, filters, province, commune) -> Scope:
        return Scope(
            province=province.code if province else None, commune=commune.code if commune else None,
            producer_type=filters.producer_type, ocop_group=filters.ocop_group,
        )  # fmt: skip


class HomeView(StaffOnly):
    def get(self, request):
        if self.is_national:
            return redirect("monitoring:country")
        return redirect("monitoring:province", province=roles.staff_profile(request.user).province_id)


class AreaView(StaffOnly):
    """The dashboard of the country, a province or a commune."""

    def get(self, request, province=None, commune=None):
        province, commune = self.area(province, commune)
        filters = parse_filters(request.GET)
        query = filters.query()

        def link(code):
            name = "monitoring:commune" if province else "monitoring:province"
            args = [province.code, code] if province else [code]
            return f"{reverse(name, args=args)}?{query}"

        page = dashboard.build_page(self.scope(filters, province, commune), filters.period, link=link)
        if filters.error:
            messages.warning(request, filters.error)
        name = (
            "monitoring:export-commune"
            if commune
            else "monitoring:export-province"
            if province
            else "monitoring:export-country"
        )
        codes = {k: a.code for k, a in (("province", province), ("commune", commune)) if a}
        exports_links = [
            (
                tables.TABLE_TITLES[table],
                *(f"{reverse(name, kwargs={**codes, 'table': table, 'fmt': fmt})}?{query}" for fmt in ("csv", "xlsx")),
            )
            for table in _export_tables(province, commune)
        ]
        open_area = province.code if province else "VN"
        return TemplateResponse(request, "monitoring/area.html", {
            "page": page, "filters": filters, "province": province, "commune": commune, "query": query,
            "previous_query": filters.query(**filters.period.previous().as_params()),
            "next_query": filters.query(**_next(filters.period).as_params()),
            "exports": exports_links, "open_area": None if commune else open_area,
            "is_national": self.is_national, "provinces": roles.staff_provinces(request.user),
        })  # fmt: skip


def _next(period):
    from marketplace.monitoring.periods import ONE_DAY, Period

    if period.kind in ("custom", "day", "week"):
        return Period(period.kind, period.end + ONE_DAY, period.end + (period.end - period.start) + ONE_DAY)
    return Period.containing(period.kind, period.end + ONE_DAY)


def _export_tables(province, commune):
    names = ["indicators", "trend", "producer-types", "ocop-groups", "payment-methods"]
    names.insert(1, "sellers" if commune else "communes" if province else "provinces")
    return names


class ExportView(StaffOnly):
    """GET …/export/<table>.<csv|xlsx>: one table of the page with every indicator."""

    def get(self, request, table, fmt, province=None, commune=None):
        province, commune = self.area(province, commune)
        if table not in _export_tables(province, commune):
            raise Http404
        filters = parse_filters(request.GET)
        built = tables.build(table, self.scope(filters, province, commune), filters.period)
        area = "-".join(a.code for a in (province, commune) if a) or "VN"
        filename = f"ocop-{area}-{table}-{filters.period.start:%Y%m%d}-{filters.period.end:%Y%m%d}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(exports.to_csv(built), content_type="text/csv; charset=utf-8")
        else:
            place = commune.name if commune else province.name if province else _("Vietnam")
            heading = f"{built.title} – {place} – {filters.period.label()}"
            response = HttpResponse(
                exports.to_xlsx(built, heading=heading),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class OpenDataView(StaffOnly):
    """GET open-data/<VN|province>.<csv|json> and open-data/dictionary.csv: aggregates for publishing."""

    def get(self, request, area, fmt):
        if area == "dictionary":
            if fmt != "csv":
                raise Http404
            body, content_type = opendata.dictionary_csv(), "text/csv; charset=utf-8"
        else:
            self.area(None if area == "VN" else area)
            data = opendata.dataset(area, parse_filters(request.GET).period)
            if fmt == "csv":
                body, content_type = opendata.to_csv(data), "text/csv; charset=utf-8"
            else:
                body, content_type = opendata.to_json(data), "application/json; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="ocop-open-data-{area}.{fmt}"'
        return response


class TokensView(StaffOnly):
    """The IOC API tokens of the staff member's province: list, issue (the key shows once), revoke."""

    def get(self, request):
        return TemplateResponse(request, "monitoring/tokens.html", {
            "tokens": tokens.tokens_for(request.user),
            "new_key": request.session.pop("monitoring_new_token_key", None),
            "provinces": roles.staff_provinces(request.user),
            "is_national": self.is_national,
        })  # fmt: skip

    def post(self, request):
        code = request.POST.get("province") or None
        province = Province.objects.filter(code=code).first() if code else None
        if code and province is None:
            raise Http404
        try:
            _token, key = tokens.issue_token(staff=request.user, name=request.POST.get("name", ""), province=province)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("monitoring:tokens")
        request.session["monitoring_new_token_key"] = key
        return redirect("monitoring:tokens")


class TokenRevokeView(StaffOnly):
    def post(self, request, pk):
        token = get_object_or_404(tokens.tokens_for(request.user), pk=pk)
        tokens.revoke_token(staff=request.user, token=token)
        messages.success(request, _("Token revoked: it no longer opens the API."))
        return redirect("monitoring:tokens")
