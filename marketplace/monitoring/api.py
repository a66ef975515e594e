"""The Intelligent Operations Centre's API (/api/ioc/): the dashboard's indicators as JSON.

Authenticated by an IOC token only (`Authorization: Bearer ioc_…`, issued by staff at
/staff/monitoring/tokens/), rate limited per token, read from the roll-ups. A province's token
sees that province and its communes; asking for another answers 404. Aggregates only: no buyer,
and sellers only by id and shop name in the commune breakdown.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from oscar.core.loading import get_model
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from marketplace.monitoring import definitions as d
from marketplace.monitoring import opendata, selectors, tokens
from marketplace.monitoring.figures import INDICATORS, Scope
from marketplace.monitoring.forms import group_choices
from marketplace.monitoring.models import IocToken
from marketplace.monitoring.periods import KINDS, BadPeriod, Period
from marketplace.partner.models import ProducerType

Province = get_model("regions", "Province")
Commune = get_model("regions", "Commune")
Partner = get_model("partner", "Partner")


class IocTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send the key as: Authorization: Bearer <key>.")
        token = tokens.authenticate(parts[1].decode(errors="replace"))
        if token is None:
            raise AuthenticationFailed("Unknown or revoked key.")
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return 'Bearer realm="ioc"'


class IocTokenScheme(OpenApiAuthenticationExtension):
    target_class = IocTokenAuthentication
    name = "iocToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An IOC token issued by provincial staff (ioc_…)."}


class HasIocToken(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, IocToken)


class IocTokenThrottle(SimpleRateThrottle):
    scope = "ioc"

    def get_rate(self):
        return getattr(settings, "MONITORING_IOC_RATE", "120/min")

    def get_cache_key(self, request, view):
        token = request.auth
        return self.cache_format % {"scope": self.scope, "ident": token.pk} if isinstance(token, IocToken) else None


# --- the shape of the answers (for the OpenAPI schema) ---------------------------------------------


def _figure_field(indicator):
    if indicator.unit == "%" or indicator.key in ("weight_tonnes", "median_delivery_hours"):
        return serializers.FloatField(allow_null=True, help_text=f"{indicator.definition} ({indicator.unit})")
    return serializers.IntegerField(help_text=f"{indicator.definition} ({indicator.unit})")


FiguresSerializer = type("IocFigures", (serializers.Serializer,), {i.key: _figure_field(i) for i in INDICATORS})


class PeriodSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


class ScopeSerializer(serializers.Serializer):
    province = serializers.CharField(allow_null=True)
    commune = serializers.CharField(allow_null=True)
    producer_type = serializers.CharField(allow_null=True)
    ocop_group = serializers.CharField()


class IndicatorsSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    period = PeriodSerializer()
    previous_period = PeriodSerializer()
    current = FiguresSerializer()
    previous = FiguresSerializer()


class BreakdownRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    figures = FiguresSerializer()


class BreakdownSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    period = PeriodSerializer()
    by = serializers.CharField()
    rows = BreakdownRowSerializer(many=True)


class TrendPointSerializer(serializers.Serializer):
    period = PeriodSerializer()
    figures = FiguresSerializer()


class TrendSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    period = PeriodSerializer()
    points = TrendPointSerializer(many=True)


FILTERS = [
    OpenApiParameter(
        "province", OpenApiTypes.STR, description="NSO province code (a province token: its own, the default)."
    ),
    OpenApiParameter("commune", OpenApiTypes.STR, description="NSO commune code, in the province."),
    OpenApiParameter("producer_type", OpenApiTypes.STR, enum=ProducerType.values),
    OpenApiParameter("ocop_group", OpenApiTypes.STR, description="OCOP group code; '*' all (default), '-' none."),
    OpenApiParameter("period", OpenApiTypes.STR, enum=list(KINDS), description="Default: month."),
    OpenApiParameter("date", OpenApiTypes.DATE, description="Any day in the period (default: today)."),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day of a custom period."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day of a custom period."),
]


def _period(period: Period) -> dict:
    return {"kind": period.kind, "start": period.start, "end": period.end, "label": period.label()}


def _scope_dict(scope: Scope) -> dict:
    return {
        "province": scope.province,
        "commune": scope.commune,
        "producer_type": scope.producer_type,
        "ocop_group": scope.ocop_group,
    }


class IocView(APIView):
    authentication_classes = [IocTokenAuthentication]
    permission_classes = [HasIocToken]
    throttle_classes = [IocTokenThrottle]

    def scope_and_period(self, request) -> tuple[Scope, Period]:
        from django.utils import timezone

        q = request.query_params
        token: IocToken = request.auth
        province = q.get("province") or token.province_id
        if token.province_id and province != token.province_id:
            raise Http404
        if province and not Province.objects.filter(code=province).exists():
            raise Http404
        commune = q.get("commune") or None
        if commune and not (province and Commune.objects.filter(code=commune, province_id=province).exists()):
            raise Http404
        producer_type = q.get("producer_type") or None
        group = q.get("ocop_group") or d.ALL
        if producer_type and producer_type not in ProducerType.values:
            raise ValidationError({"producer_type": "unknown producer type"})
        if group not in dict(group_choices()):
            raise ValidationError({"ocop_group": "unknown OCOP group"})
        try:
            period = Period.parse(
                q.get("period"), q.get("date"), q.get("start"), q.get("end"), today=timezone.localdate()
            )
        except BadPeriod as exc:
            raise ValidationError({"period": str(exc)}) from exc
        return Scope(province=province, commune=commune, producer_type=producer_type, ocop_group=group), period


class IndicatorsView(IocView):
    @extend_schema(parameters=FILTERS, responses=IndicatorsSerializer, summary="Indicators with the previous period")
    def get(self, request):
        scope, period = self.scope_and_period(request)
        comparison = selectors.indicators(scope, period)
        return Response(IndicatorsSerializer({
            "scope": _scope_dict(scope), "period": _period(period), "previous_period": _period(period.previous()),
            "current": comparison.current.as_dict(), "previous": comparison.previous.as_dict(),
        }).data)  # fmt: skip


class BreakdownView(IocView):
    @extend_schema(
        parameters=FILTERS,
        responses=BreakdownSerializer,
        summary="Indicators by province, commune, seller, producer type or OCOP group",
    )
    def get(self, request, by):
        scope, period = self.scope_and_period(request)
        if by == "province" and scope.province is None:
            labels = dict(Province.objects.values_list("code", "name"))
        elif by == "commune" and scope.province and not scope.commune:
            labels = dict(Commune.objects.filter(province_id=scope.province).values_list("code", "name"))
        elif by == "seller" and scope.commune:
            labels = None
        elif by == "producer_type":
            labels = dict(ProducerType.choices)
        elif by == "ocop_group":
            labels = dict(group_choices())
        else:
            raise Http404
        found = selectors.breakdown(scope, period, by)
        if labels is None:
            labels = dict(Partner.objects.filter(pk__in=list(found)).values_list("pk", "name"))
        rows = [
            {"key": str(k), "label": str(labels.get(k, k)), "figures": f.as_dict()}
            for k, f in sorted(found.items(), key=lambda kv: str(kv[0]))
        ]
        return Response(
            BreakdownSerializer({"scope": _scope_dict(scope), "period": _period(period), "by": by, "rows": rows}).data
        )


class TrendView(IocView):
    @extend_schema(
        parameters=FILTERS,
        responses=TrendSerializer,
        summary="Orders, values and active sellers day by day (up to two months) or month by month",
    )
    def get(self, request):
        scope, period = self.scope_and_period(request)
        points = [{"period": _period(b), "figures": f.as_dict()} for b, f in selectors.trend(scope, period)]
        return Response(
            TrendSerializer({"scope": _scope_dict(scope), "period": _period(period), "points": points}).data
        )


class DictionaryView(IocView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="What every indicator counts")
    def get(self, request):
        return Response({"indicators": opendata.dictionary()})
