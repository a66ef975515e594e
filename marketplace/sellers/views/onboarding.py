"""Sign-up by phone (self or with a helper) and phone-code login."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import accounts, otp, selectors, services
from ..errors import Refused
from ..forms import ApplicationForm, AssistedPhoneForm, CodeForm, PhoneForm
from ..models import ConsentMethod, OtpPurpose, PhoneVerification
from ..roles import is_helper

WIZARD = "sellers_registration"
LOGIN_PHONE = "sellers_login_phone"


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a proxy we run rewrites it.
    return request.META.get("REMOTE_ADDR") or None


def _helper_or_none(request):
    return request.user if is_helper(request.user) else None


def register(request):
    """Step 1: the phone number (and, for a helper, how the household consents)."""
    helper = _helper_or_none(request)
    form = (AssistedPhoneForm if helper else PhoneForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        method = form.cleaned_data.get("consent_method", "")
        try:
            phone = services.begin_registration(
                phone=form.cleaned_data["phone"],
                registered_by=helper,
                consent_method=method,
                ip_address=client_ip(request),
            )
        except Refused as exc:
            form.add_error("phone", exc.message)
        else:
            request.session[WIZARD] = {"phone": phone, "consent_method": method, "verification_id": None}
            if method == ConsentMethod.PAPER:
                return redirect("sellers:register-details")
            return redirect("sellers:register-code")
    return render(request, "sellers/register_phone.html", {"form": form, "assisted": bool(helper)})


def register_code(request):
    """Step 2: the code from the SMS (typed by the helper, when the household consents this way)."""
    wizard = request.session.get(WIZARD)
    if not wizard:
        return redirect("sellers:register")
    helper = _helper_or_none(request)
    purpose = OtpPurpose.CONSENT if helper else OtpPurpose.REGISTER
    form = CodeForm(None if "resend" in request.POST else request.POST or None)
    if request.method == "POST" and "resend" in request.POST:
        try:
            services.begin_registration(
                phone=wizard["phone"],
                registered_by=helper,
                consent_method=wizard["consent_method"],
                ip_address=client_ip(request),
            )
            messages.info(request, _("A new code has been sent."))
        except Refused as exc:
            messages.error(request, exc.message)
    elif request.method == "POST" and form.is_valid():
        try:
            verification = otp.verify_code(phone=wizard["phone"], code=form.cleaned_data["code"], purpose=purpose)
        except Refused as exc:
            form.add_error("code", exc.message)
        else:
            request.session[WIZARD] = {**wizard, "verification_id": verification.pk}
            return redirect("sellers:register-details")
    return render(
        request, "sellers/code.html", {"form": form, "phone": wizard["phone"], "assisted": bool(helper), "resend": True}
    )


def register_details(request):
    """Step 3: who the producer is, where, and where to pay them."""
    wizard = request.session.get(WIZARD)
    if not wizard or not (wizard.get("verification_id") or wizard.get("consent_method") == ConsentMethod.PAPER):
        return redirect("sellers:register")
    helper = _helper_or_none(request)
    paper = bool(helper) and wizard.get("consent_method") == ConsentMethod.PAPER
    form = ApplicationForm(request.POST or None, request.FILES or None, paper_consent=paper)
    # "Show communes" re-renders with the province's communes when the page has no JavaScript.
    if request.method == "POST" and "pick_province" not in request.POST and form.is_valid():
        try:
            application = services.submit_application(
                details=form.details(),
                phone=wizard["phone"],
                verification=PhoneVerification.objects.filter(pk=wizard.get("verification_id")).first(),
                registered_by=helper,
                consent_method=wizard.get("consent_method", ""),
                consent_document=form.cleaned_data.get("consent_document"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            del request.session[WIZARD]
            request.session["sellers_submitted"] = application.pk
            return redirect("sellers:my-shops" if helper else "sellers:register-done")
    return render(
        request,
        "sellers/register_details.html",
        {"form": form, "phone": wizard["phone"], "assisted": bool(helper), "paper": paper},
    )


def register_done(request):
    return render(request, "sellers/register_done.html")


@require_GET
def communes(request):
    """The communes of one province, for the form's commune list."""
    rows = selectors.communes_in(request.GET.get("province", "")[:2]).values_list("code", "name")
    return JsonResponse({"communes": [{"code": code, "name": name} for code, name in rows]})


def login_phone(request):
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request.session[LOGIN_PHONE] = accounts.send_login_code(
                phone=form.cleaned_data["phone"], ip_address=client_ip(request)
            )
        except Refused as exc:
            form.add_error("phone", exc.message)
        else:
            return redirect("sellers:login-code")
    return render(request, "sellers/login_phone.html", {"form": form})


def login_code(request):
    phone = request.session.get(LOGIN_PHONE)
    if not phone:
        return redirect("sellers:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.login_by_code(phone=phone, code=form.cleaned_data["code"])
        except Refused as exc:
            form.add_error("code", exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("sellers:my-shops")
    return render(request, "sellers/code.html", {"form": form, "phone": phone, "login": True})
