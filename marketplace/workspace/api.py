"""API for the seller mobile app: shops, products (price, stock, visibility), orders, tokens.

Token authentication (Authorization: Token <key>) for the app, session authentication for the
web. Every object is looked up among the shops the user manages, so another seller's shop,
product or order answers 404, exactly like one that does not exist.
"""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from catalog.images import PhotoRejected, accept_product_photo
from catalog.ocop_lifecycle import CertificateRefused, upload_certificate

from . import selectors, services
from .serializers import (
    CertificateUploadSerializer,
    OrderSummarySerializer,
    PhotoUploadSerializer,
    ProductCreateSerializer,
    ProductPhotoSerializer,
    ProductUpdateSerializer,
    SellerCertificateSerializer,
    SellerOrderSerializer,
    SellerProductSerializer,
    ShopSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)

SHOPS, PRODUCTS, ORDERS, AUTH = "Seller: shops", "Seller: products", "Seller: orders", "Seller: authentication"


class SellerAPIView(APIView):
    # Token first: an anonymous request then gets 401 with a WWW-Authenticate header.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def shop(self):
        return get_object_or_404(selectors.shops_of(self.request.user), pk=self.kwargs["partner_id"])


def run_service(service, **kwargs):
    """Call a workspace service, answering its refusals the way the API answers bad input."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
    except DjangoPermissionDenied:
        raise Http404 from None  # never confirm that someone else's object exists


@extend_schema(tags=[SHOPS])
class ShopListView(SellerAPIView, generics.ListAPIView):
    """Shops the user sells for, or helps with an active assignment."""

    serializer_class = ShopSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.shops_of(self.request.user)


@extend_schema_view(
    get=extend_schema(tags=[PRODUCTS], summary="Products of a shop, hidden ones included"),
    post=extend_schema(
        tags=[PRODUCTS],
        summary="List a new product",
        request=ProductCreateSerializer,
        responses={201: SellerProductSerializer},
    ),
)
class ShopProductsView(SellerAPIView, generics.ListCreateAPIView):
    serializer_class = SellerProductSerializer

    def get_queryset(self):
        return selectors.partner_products(self.shop())

    def create(self, request, *args, **kwargs):
        shop = self.shop()
        form = ProductCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        product = run_service(services.list_product, actor=request.user, partner=shop, **form.validated_data)
        product = selectors.partner_products(shop).get(pk=product.pk)
        return Response(
            SellerProductSerializer(product, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    get=extend_schema(tags=[PRODUCTS]),
    put=extend_schema(tags=[PRODUCTS], request=ProductUpdateSerializer, responses=SellerProductSerializer),
    patch=extend_schema(tags=[PRODUCTS], request=ProductUpdateSerializer, responses=SellerProductSerializer),
)
class ProductDetailView(SellerAPIView, generics.RetrieveUpdateAPIView):
    """One of the user's products; price, stock and visibility can be changed."""

    serializer_class = SellerProductSerializer

    def get_queryset(self):
        return selectors.products_of_user(self.request.user).prefetch_related("images", "categories")

    def update(self, request, *args, **kwargs):
        product = self.get_object()
        form = ProductUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        run_service(services.update_product, actor=request.user, product=product, **form.validated_data)
        product = self.get_queryset().get(pk=product.pk)
        return Response(SellerProductSerializer(product, context=self.get_serializer_context()).data)


class ProductUploadView(SellerAPIView):
    """Base of the multipart uploads to one of the user's products (another seller's: 404)."""

    parser_classes = [MultiPartParser, FormParser]

    def product(self, pk):
        return get_object_or_404(selectors.products_of_user(self.request.user), pk=pk)


@extend_schema(
    tags=[PRODUCTS],
    summary="Add a photo to a product",
    request={"multipart/form-data": PhotoUploadSerializer},
    responses={201: ProductPhotoSerializer, 400: OpenApiResponse(description="not a usable photo"), 404: None},
)
class ProductPhotosView(ProductUploadView):
    def post(self, request, pk):
        product = self.product(pk)
        form = PhotoUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            image = accept_product_photo(
                product=product,
                uploaded_file=form.validated_data["image"],
                actor=request.user,
                caption=form.validated_data["caption"],
            )
        except PhotoRejected as exc:
            raise serializers.ValidationError({"image": exc.messages}) from None
        except DjangoPermissionDenied:
            raise Http404 from None
        return Response(
            ProductPhotoSerializer(image, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


@extend_schema(
    tags=[PRODUCTS],
    summary="Upload an OCOP certificate; it shows no star until staff verify it",
    request={"multipart/form-data": CertificateUploadSerializer},
    responses={201: SellerCertificateSerializer, 400: OpenApiResponse(description="certificate refused"), 404: None},
)
class ProductCertificatesView(ProductUploadView):
    def post(self, request, pk):
        product = self.product(pk)
        form = CertificateUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            cert = upload_certificate(
                product=product,
                actor=request.user,
                file=data["document"],
                stars=data["stars"],
                status=data["status"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                issuing_level=data["issuing_level"],
            )
        except CertificateRefused as exc:
            raise serializers.ValidationError({"detail": exc.messages[0]}) from None
        except DjangoPermissionDenied:
            raise Http404 from None
        return Response(SellerCertificateSerializer(cert).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[ORDERS], summary="Orders with this shop's lines; subtotal is the shop's part only")
class ShopOrdersView(SellerAPIView, generics.ListAPIView):
    serializer_class = OrderSummarySerializer

    def get_queryset(self):
        return selectors.order_summaries([self.shop()])

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = [selectors.as_summary(row) for row in page]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


@extend_schema(
    tags=[ORDERS], summary="One order, with only the lines of shops the user manages", responses=SellerOrderSerializer
)
class OrderDetailView(SellerAPIView):
    def get(self, request, pk):
        try:
            order = selectors.seller_order(selectors.shops_of(request.user), pk=pk)
        except selectors.Order.DoesNotExist:
            raise Http404 from None
        return Response(SellerOrderSerializer(order).data)


class LoginRateThrottle(AnonRateThrottle):
    rate = "10/min"  # password guessing from one address; signed-in users are not throttled


@extend_schema(tags=[AUTH])
class TokenView(APIView):
    """Get the app's token (with a password, or from a signed-in web session) or revoke it."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(
        request=TokenRequestSerializer, responses={200: TokenSerializer, 400: OpenApiResponse(), 403: OpenApiResponse()}
    )
    def post(self, request):
        user = request.user if request.user.is_authenticated else None
        if user is None:
            form = TokenRequestSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            user = authenticate(
                request, username=form.validated_data.get("username"), password=form.validated_data.get("password")
            )
            if user is None:
                raise serializers.ValidationError({"detail": _("Wrong e-mail or password.")})
        if not selectors.shops_of(user).exists():
            raise PermissionDenied(_("This account does not manage a shop."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
