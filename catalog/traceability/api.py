"""Lot API for the seller mobile app: list/create lots, add events and certifications, publish, recall.

Token authentication (`Authorization: Token <key>`, tokens from the seller API) for the app,
session authentication for the web, as in `marketplace/workspace/api.py`. Permission is
`sellers.roles.can_manage_partner` on the lot's producer. Lots are looked up among the user's
managed lots only, and a refusal from a service is answered 404 too, so another seller's lot
or product is never confirmed to exist. Endpoints parse, call one service, and render.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_model
from rest_framework import generics, permissions, serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.sellers.roles import can_manage_partner

from . import qr, selectors, services
from .models import CertificationScheme, Lot, LotCertification, TraceEvent, TraceEventType

Product = get_model("catalogue", "Product")
Commune = get_model("regions", "Commune")


TAG = "Seller: lots (traceability)"


def run_service(service, **kwargs):
    """Call a trace service, answering its refusals the way the API answers bad input."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise serializers.ValidationError(detail) from None
    except DjangoPermissionDenied:
        raise Http404 from None


class ManagesLotProducer(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        return can_manage_partner(request.user, obj.producer)


class TraceEventSerializer(serializers.ModelSerializer):
    event_type = serializers.ChoiceField(choices=[c for c in TraceEventType.choices if c[0] != TraceEventType.RECALL])
    commune = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Commune.objects.all(),
        required=False,
        allow_null=True,
        help_text="NSO commune code, e.g. 03980",
    )

    class Meta:
        model = TraceEvent
        fields = ["id", "event_type", "occurred_at", "commune", "place", "counterparty", "input_lot_code", "note"]
        read_only_fields = ["id"]


class TraceEventOutSerializer(TraceEventSerializer):
    event_type = serializers.CharField()


class TraceCertificationSerializer(serializers.ModelSerializer):
    producer_wide = serializers.BooleanField(
        write_only=True, default=False, help_text="Applies to every lot of the producer, not only this one"
    )
    scheme = serializers.ChoiceField(choices=CertificationScheme.choices)
    state = serializers.SerializerMethodField()
    applies_to_lot = serializers.CharField(source="lot.code", read_only=True, default=None)

    class Meta:
        model = LotCertification
        fields = [
            "id",
            "scheme",
            "scheme_name",
            "certificate_number",
            "issuer",
            "valid_from",
            "valid_until",
            "producer_wide",
            "state",
            "applies_to_lot",
        ]
        read_only_fields = ["id"]

    def get_state(self, obj) -> str:
        return obj.state()


class TraceLotSerializer(serializers.ModelSerializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    product_title = serializers.CharField(source="product.title", read_only=True)
    producer = serializers.IntegerField(source="producer_id", read_only=True)
    producer_name = serializers.CharField(source="producer.name", read_only=True)
    trace_url = serializers.SerializerMethodField()
    qr_png = serializers.SerializerMethodField()
    qr_svg = serializers.SerializerMethodField()
    # Plain text here: the service upper-cases and strips what a phone keyboard typed, then
    # validates, so "vn-sl-0001 " is accepted as VN-SL-0001.
    planting_area_code = serializers.CharField(required=False, allow_blank=True, max_length=60)
    packing_house_code = serializers.CharField(required=False, allow_blank=True, max_length=60)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # Only the caller's own products are valid choices, so another seller's product
            # id answers exactly like an id that does not exist (nothing leaks).
            fields["product"].queryset = selectors.manageable_products(request.user)
        return fields

    class Meta:
        model = Lot
        fields = [
            "code",
            "product",
            "product_title",
            "producer",
            "producer_name",
            "status",
            "harvest_date",
            "pack_date",
            "best_before",
            "quantity",
            "unit",
            "planting_area_code",
            "packing_house_code",
            "published_at",
            "recalled_at",
            "recall_reason",
            "created_at",
            "trace_url",
            "qr_png",
            "qr_svg",
        ]
        read_only_fields = ["code", "status", "published_at", "recalled_at", "recall_reason", "created_at"]
        extra_kwargs = {"unit": {"required": False}}

    def _request(self):
        return self.context.get("request")

    def get_trace_url(self, lot) -> str:
        return qr.trace_url(lot, self._request())

    def get_qr_png(self, lot) -> str:
        return self.get_trace_url(lot) + "qr.png"

    def get_qr_svg(self, lot) -> str:
        return self.get_trace_url(lot) + "qr.svg"


class TraceLotDetailSerializer(TraceLotSerializer):
    events = TraceEventOutSerializer(many=True, read_only=True)
    certifications = serializers.SerializerMethodField()

    class Meta(TraceLotSerializer.Meta):
        fields = [*TraceLotSerializer.Meta.fields, "events", "certifications"]

    @extend_schema(responses=TraceCertificationSerializer(many=True))
    def get_certifications(self, lot) -> list[dict]:
        return TraceCertificationSerializer(selectors.certifications_for(lot), many=True).data


class TraceRecallSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ManagedLotMixin:
    # Token first: an anonymous request then gets 401 with a WWW-Authenticate header.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated, ManagesLotProducer]
    lookup_field = "code"

    def get_queryset(self):
        return selectors.managed_lots(self.request.user).prefetch_related("events__commune")

    def get_lot(self) -> Lot:
        lot = get_object_or_404(self.get_queryset(), code=self.kwargs["code"])
        self.check_object_permissions(self.request, lot)
        return lot

    def lot_response(self, lot, status_code=status.HTTP_200_OK):
        lot = self.get_queryset().get(pk=lot.pk)
        return Response(TraceLotDetailSerializer(lot, context={"request": self.request}).data, status=status_code)


@extend_schema(tags=[TAG])
class LotListCreateView(ManagedLotMixin, generics.ListCreateAPIView):
    """Lots of the producers the user sells for or helps (newest first); POST creates a draft lot."""

    serializer_class = TraceLotSerializer

    def get_queryset(self):
        lots = super().get_queryset().order_by("-created_at", "-id")
        product = self.request.query_params.get("product")
        return lots.filter(product_id=product) if product and product.isdigit() else lots

    @extend_schema(request=TraceLotSerializer, responses={201: TraceLotDetailSerializer})
    def post(self, request, *args, **kwargs):
        serializer = TraceLotSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        lot = run_service(services.create_lot, actor=request.user, **serializer.validated_data)
        return self.lot_response(lot, status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
class LotDetailView(ManagedLotMixin, generics.RetrieveAPIView):
    """One managed lot with its events and certifications."""

    serializer_class = TraceLotDetailSerializer


@extend_schema(tags=[TAG], request=TraceEventSerializer, responses={201: TraceEventOutSerializer})
class LotEventCreateView(ManagedLotMixin, APIView):
    """Record a harvest, receive (one step back), process, pack or ship (one step forward) event."""

    def post(self, request, code):
        lot = self.get_lot()
        serializer = TraceEventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = run_service(services.record_event, actor=request.user, lot=lot, **serializer.validated_data)
        return Response(TraceEventOutSerializer(event).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG], request=TraceCertificationSerializer, responses={201: TraceCertificationSerializer})
class LotCertificationCreateView(ManagedLotMixin, APIView):
    """Attach a VietGAP / GlobalG.A.P. / organic / other certificate to the lot or to all the producer's lots."""

    def post(self, request, code):
        lot = self.get_lot()
        serializer = TraceCertificationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        target = {"producer": lot.producer} if data.pop("producer_wide", False) else {"lot": lot}
        certification = run_service(services.add_certification, actor=request.user, **target, **data)
        return Response(TraceCertificationSerializer(certification).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG], request=None, responses={200: TraceLotDetailSerializer})
class LotPublishView(ManagedLotMixin, APIView):
    """Publish a draft lot: its trace page and QR code become public."""

    def post(self, request, code):
        lot = run_service(services.publish_lot, actor=request.user, lot=self.get_lot())
        return self.lot_response(lot)


@extend_schema(tags=[TAG], request=TraceRecallSerializer, responses={200: TraceLotDetailSerializer})
class LotRecallView(ManagedLotMixin, APIView):
    """Recall a published lot; the public page then shows a recall notice."""

    def post(self, request, code):
        lot = self.get_lot()
        serializer = TraceRecallSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lot = run_service(services.recall_lot, actor=request.user, lot=lot, reason=serializer.validated_data["reason"])
        return self.lot_response(lot)
