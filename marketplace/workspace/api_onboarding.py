"""Seller sign-up for the mobile app: phone -> SMS code -> signed registration token -> application.

The same service calls as the web wizard (marketplace/sellers/views/onboarding.py): the code is
sent by `services.begin_registration`, checked by `otp.verify_code`, and the application goes
through the web's own `ApplicationForm` and `services.submit_application`, so the rules (CCCD,
tax code, bank, duplicate phone, all-or-nothing) are the web's. Instead of the session, the app
carries a registration token signed with the secret key, valid for 30 minutes, naming the phone
and its used code; the service still refuses a confirmation used twice or confirmed too long ago.
"""

from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.sellers import otp, services
from marketplace.sellers.errors import Refused
from marketplace.sellers.forms import ApplicationForm
from marketplace.sellers.models import OtpPurpose, PhoneVerification
from marketplace.sellers.views.onboarding import client_ip

ONBOARDING = "Seller: sign-up"
SIGNING_SALT = "marketplace.workspace.api_onboarding.registration"
TOKEN_MAX_AGE = int(services.VERIFIED_PHONE_VALID_FOR.total_seconds())  # 30 minutes
RATE_LIMITS = (otp.SendTooSoon, otp.TooManyCodes, otp.PhoneLocked)


class PhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20, help_text="Vietnamese mobile number, e.g. 0912 345 678")


class CodeSentSerializer(serializers.Serializer):
    phone = serializers.CharField(help_text="the number in E.164, as it must be sent to verify/")


class VerifySerializer(PhoneSerializer):
    code = serializers.CharField(max_length=8, help_text="the 6 digits from the SMS")


class RegistrationTokenSerializer(serializers.Serializer):
    registration_token = serializers.CharField(help_text="send it with the application")
    expires_in = serializers.IntegerField(help_text="seconds")


class ApplicationRequestSerializer(serializers.Serializer):
    """What the web's details form asks (marketplace.sellers.forms.ApplicationForm); checked by that form."""

    registration_token = serializers.CharField()
    seller_type = serializers.CharField(help_text="producer type: household, cooperative, …")
    display_name = serializers.CharField(max_length=128)
    representative_name = serializers.CharField(max_length=128)
    national_id = serializers.CharField(required=False, help_text="CCCD, 12 digits; households and groups")
    tax_code = serializers.CharField(required=False, help_text="10 or 13 digits; cooperatives and enterprises")
    province = serializers.CharField(help_text="province code")
    commune = serializers.CharField(help_text="commune code, in the province")
    address = serializers.CharField(required=False)
    description = serializers.CharField(required=False)
    bank_bin = serializers.CharField(help_text="NAPAS bank BIN")
    bank_account_number = serializers.CharField()
    bank_account_holder = serializers.CharField()


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    phone = serializers.CharField()
    status = serializers.CharField(help_text="submitted: waiting for the province's staff")


def _refusal(exc: Refused, field: str):
    """A service refusal as the API answers it: 429 for the rate limits, else 400 on `field`."""
    if isinstance(exc, RATE_LIMITS):
        raise Throttled(wait=getattr(exc, "retry_after", None), detail=str(exc.message))
    raise serializers.ValidationError({field: [str(exc.message)]})


class OnboardingView(APIView):
    authentication_classes = []  # public: whoever holds the phone signs up
    permission_classes = [AllowAny]


@extend_schema(
    tags=[ONBOARDING],
    summary="Send a sign-up code by SMS",
    request=PhoneSerializer,
    responses={200: CodeSentSerializer, 400: OpenApiResponse(), 429: OpenApiResponse(description="wait, then retry")},
)
class CodeView(OnboardingView):
    def post(self, request):
        form = PhoneSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            phone = services.begin_registration(phone=form.validated_data["phone"], ip_address=client_ip(request))
        except Refused as exc:
            _refusal(exc, "phone")
        return Response({"phone": phone})


@extend_schema(
    tags=[ONBOARDING],
    summary="Check the SMS code; answers a registration token valid for 30 minutes",
    request=VerifySerializer,
    responses={200: RegistrationTokenSerializer, 400: OpenApiResponse(), 429: OpenApiResponse()},
)
class VerifyView(OnboardingView):
    def post(self, request):
        form = VerifySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            phone = otp.parse_phone(form.validated_data["phone"])
        except Refused as exc:
            _refusal(exc, "phone")
        code = "".join(form.validated_data["code"].split())
        try:
            verification = otp.verify_code(phone=phone, code=code, purpose=OtpPurpose.REGISTER)
        except Refused as exc:
            _refusal(exc, "code")
        token = signing.dumps({"phone": phone, "verification": verification.pk}, salt=SIGNING_SALT)
        return Response({"registration_token": token, "expires_in": TOKEN_MAX_AGE})


@extend_schema(
    tags=[ONBOARDING],
    summary="Submit the shop application (reviewed by the province's staff)",
    request=ApplicationRequestSerializer,
    responses={201: ApplicationSerializer, 400: OpenApiResponse(description="field errors, by field")},
)
class ApplicationView(OnboardingView):
    def post(self, request):
        try:
            claim = signing.loads(str(request.data.get("registration_token", "")), salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:  # SignatureExpired included
            raise serializers.ValidationError(
                {"registration_token": [_("The phone confirmation has expired. Please ask for a new code.")]}
            ) from None
        form = ApplicationForm({k: v for k, v in request.data.items() if k != "registration_token"})
        if not form.is_valid():
            raise serializers.ValidationError({field: list(errors) for field, errors in form.errors.items()})
        try:
            application = services.submit_application(
                details=form.details(), phone=claim["phone"],
                verification=PhoneVerification.objects.filter(pk=claim["verification"]).first(),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
        except Refused as exc:
            _refusal(exc, "non_field_errors")
        return Response(
            {"id": application.pk, "phone": application.phone, "status": application.status}, status=status.HTTP_201_CREATED
        )
