"""Seller sign-up for the mobile app: phone -> SMS code -> signed registration token -> application.

The same service calls as the web wizard (marketplace/sellers/views/onboarding.py): the code is
sent by `services.begin_registration`, checked by `otp.verify_code`, and the application goes
through the web's own `ApplicationForm` and `services.submit_application`, so the rules (CCCD,
tax code, bank, duplicate phone, all-or-nothing) are the web's. Instead of the session, the app
carries a registration token signed with the secret key, valid for 30 minutes, naming the phone
and its used code; the service still refuses a confirmation used twice or confirmed too long ago.

A community helper (token or session, `roles.is_helper`) registers a household under `assisted/`,
as the web's helper path does: `assisted/code/` sends the consent code to the household's phone
(`services.begin_registration` with the helper), and `assisted/applications/` takes the phone,
the consent (the code the household read out, or a photo of the signed paper form, multipart) and
the details, checked by the web's `AssistedPhoneForm`, `CodeForm` and `ApplicationForm`. The code is
used up and the application recorded in one transaction: a refused application leaves the code valid.
"""

from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import Throttled
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.sellers import otp, services
from marketplace.sellers.errors import DuplicatePhone, Refused
from marketplace.sellers.forms import ApplicationForm, AssistedPhoneForm, CodeForm
from marketplace.sellers.models import ConsentMethod, OtpPurpose, PhoneVerification
from marketplace.sellers.roles import is_helper
from marketplace.sellers.views.onboarding import client_ip

ONBOARDING = "Seller: sign-up"
ASSISTED = "Seller: sign-up by a community helper"
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
            claim = signing.loads(
                str(request.data.get("registration_token", "")), salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE
            )
        except signing.BadSignature:  # SignatureExpired included
            raise serializers.ValidationError(
                {"registration_token": [_("The phone confirmation has expired. Please ask for a new code.")]}
            ) from None
        form = ApplicationForm({k: v for k, v in request.data.items() if k != "registration_token"})
        if not form.is_valid():
            raise serializers.ValidationError({field: list(errors) for field, errors in form.errors.items()})
        try:
            application = services.submit_application(
                details=form.details(),
                phone=claim["phone"],
                verification=PhoneVerification.objects.filter(pk=claim["verification"]).first(),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from None
        except Refused as exc:
            _refusal(exc, "non_field_errors")
        return Response(
            {"id": application.pk, "phone": application.phone, "status": application.status},
            status=status.HTTP_201_CREATED,
        )


# --- a community helper registers a household --------------------------------------------------


class IsHelper(BasePermission):
    message = gettext_lazy("Only community helpers can register a shop for a household.")

    def has_permission(self, request, view):
        return is_helper(request.user)


class AssistedView(APIView):
    # Token first: an anonymous request then gets 401 with a WWW-Authenticate header.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, IsHelper]


class AssistedApplicationRequestSerializer(serializers.Serializer):
    """The web's helper path in one request (AssistedPhoneForm, CodeForm, ApplicationForm check it)."""

    phone = serializers.CharField(max_length=20, help_text="the household's mobile number")
    consent_method = serializers.ChoiceField(choices=ConsentMethod.choices)
    code = serializers.CharField(required=False, help_text="consent_method otp: the 6 digits the household received")
    consent_document = serializers.ImageField(
        required=False, help_text="consent_method paper (multipart): photo of the signed consent form"
    )
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


class AssistedApplicationSerializer(ApplicationSerializer):
    consent_method = serializers.CharField()


def _form_errors(*forms) -> dict:
    errors: dict[str, list] = {}
    for form in forms:
        for field, messages in form.errors.items():
            errors.setdefault("non_field_errors" if field == "__all__" else field, []).extend(messages)
    return errors


@extend_schema(
    tags=[ASSISTED],
    summary="Send the consent code to the household's phone (the SMS names the helper)",
    request=PhoneSerializer,
    responses={
        200: CodeSentSerializer,
        400: OpenApiResponse(),
        401: OpenApiResponse(),
        403: OpenApiResponse(description="not a community helper"),
        429: OpenApiResponse(description="wait, then retry"),
    },
)
class AssistedCodeView(AssistedView):
    def post(self, request):
        form = PhoneSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            phone = services.begin_registration(
                phone=form.validated_data["phone"],
                registered_by=request.user,
                consent_method=ConsentMethod.OTP,
                ip_address=client_ip(request),
            )
        except Refused as exc:
            _refusal(exc, "phone")
        return Response({"phone": phone})


@extend_schema(
    tags=[ASSISTED],
    summary="Register a household: its consent (code or signed paper form) and the shop application",
    request={
        "application/json": AssistedApplicationRequestSerializer,
        "multipart/form-data": AssistedApplicationRequestSerializer,
    },
    responses={
        201: AssistedApplicationSerializer,
        400: OpenApiResponse(description="field errors, by field"),
        401: OpenApiResponse(),
        403: OpenApiResponse(description="not a community helper"),
        429: OpenApiResponse(),
    },
)
class AssistedApplicationView(AssistedView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request):
        data = request.data
        consent = AssistedPhoneForm(data)
        paper = data.get("consent_method") == ConsentMethod.PAPER
        otp_consent = data.get("consent_method") == ConsentMethod.OTP
        details = ApplicationForm(data, request.FILES, paper_consent=paper)
        forms = [consent, details] + ([CodeForm(data)] if otp_consent else [])
        if not all([form.is_valid() for form in forms]):  # a list: every form reports its errors
            raise serializers.ValidationError(_form_errors(*forms))
        method = consent.cleaned_data["consent_method"]
        try:
            phone = otp.parse_phone(consent.cleaned_data["phone"])
        except Refused as exc:
            _refusal(exc, "phone")
        # Code and application together: a refused application does not use up the household's code.
        with transaction.atomic():
            verification = None
            if method == ConsentMethod.OTP:
                try:
                    verification = otp.verify_code(
                        phone=phone, code=forms[2].cleaned_data["code"], purpose=OtpPurpose.CONSENT
                    )
                except Refused as exc:
                    _refusal(exc, "code")
            try:
                application = services.submit_application(
                    details=details.details(),
                    phone=phone,
                    verification=verification,
                    registered_by=request.user,
                    consent_method=method,
                    consent_document=details.cleaned_data.get("consent_document"),
                )
            except DjangoValidationError as exc:
                if hasattr(exc, "error_dict"):
                    raise serializers.ValidationError(exc.message_dict) from None
                field = "consent_document" if str(exc.code or "").startswith("consent_photo") else "non_field_errors"
                raise serializers.ValidationError({field: exc.messages}) from None
            except Refused as exc:
                _refusal(exc, "phone" if isinstance(exc, DuplicatePhone) else "non_field_errors")
        return Response(
            {"id": application.pk, "phone": application.phone, "status": application.status, "consent_method": method},
            status=status.HTTP_201_CREATED,
        )
