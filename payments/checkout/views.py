"""Oscar's checkout views with the marketplace's payment step (Oscar's documented hooks only).

The payment-details page asks for the method; the preview shows each seller's part; placing
the order calls `services.place_order` (one order, per-seller groups, stock reserved) and, for
online methods, sends the buyer to the provider. Cash on delivery goes straight to "thank you".
"""

from django import http
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from oscar.apps.checkout import views as oscar_views
from oscar.apps.order.exceptions import UnableToPlaceOrder

from payments.checkout import services
from payments.checkout.forms import PaymentMethodForm
from payments.checkout.shipping import (
    CARRIER_CHOICES_KEY,
    PerSellerWeightShipping,
    basket_groups,
    line_weight_grams,
    method_from_session,
)


def _seller_parts(basket, checkout_session) -> list[dict]:
    method = method_from_session(checkout_session)
    choices = getattr(method, "choices", {})
    parts = []
    for partner_id, lines in basket_groups(basket).items():
        grams = sum(line_weight_grams(line) for line in lines)
        subtotal = sum(line.line_price_incl_tax for line in lines)
        fee = method.fee_for(partner_id, lines) if choices else PerSellerWeightShipping().calculate_for(lines)
        parts.append(
            {
                "seller": lines[0].stockrecord.partner,
                "lines": lines,
                "subtotal": subtotal,
                "shipping_fee": fee,
                "carrier_name": choices.get(partner_id, {}).get("name", ""),
                "total": subtotal + fee,
                "weight_kg": grams / 1000,
            }
        )
    return parts


class ShippingMethodView(oscar_views.ShippingMethodView):
    """Each seller's parcel: live quotes from the carriers the seller ships with, the buyer picks one.

    Where carriers are not set up (no commune mapping synced), every parcel goes by the weight
    table and this step is skipped as Oscar skips a single method.
    """

    template_name = "oscar/checkout/shipping_methods.html"

    def get_available_shipping_methods(self):
        return [PerSellerWeightShipping()]

    def _quotes(self):
        from logistics import services as logistics

        return logistics.quotes_for_basket(self.request.basket, self.get_shipping_address(self.request.basket))

    def get(self, request, *args, **kwargs):
        from logistics import services as logistics

        if not request.basket.is_shipping_required() or not self.checkout_session.is_shipping_address_set():
            return super().get(request, *args, **kwargs)
        if not logistics.carriers_set_up():
            self.checkout_session._unset("shipping", CARRIER_CHOICES_KEY)
            return super().get(request, *args, **kwargs)
        self._methods = self.get_available_shipping_methods()
        groups = self._quotes()
        chosen = self.checkout_session._get("shipping", CARRIER_CHOICES_KEY) or {}
        return self.render_to_response(self.get_context_data(groups=groups, chosen=chosen))

    def post(self, request, *args, **kwargs):
        from logistics import services as logistics

        if not logistics.carriers_set_up():
            return super().post(request, *args, **kwargs)
        self._methods = self.get_available_shipping_methods()
        groups = self._quotes()
        wanted = {str(g.partner.pk): request.POST.get(f"carrier-{g.partner.pk}", "") for g in groups}
        choices, missing = logistics.choose(groups, wanted)
        if missing:
            messages.error(
                request,
                _(
                    "No carrier can take the parcel of %(sellers)s to this address. Please choose another address "
                    "or remove those products."
                )
                % {"sellers": ", ".join(missing)},
            )
            return self.render_to_response(self.get_context_data(groups=groups, chosen={}))
        self.checkout_session._set("shipping", CARRIER_CHOICES_KEY, choices)
        self.checkout_session.use_shipping_method("per-seller-carrier")
        return self.get_success_response()


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    METHOD_KEY = "method"

    def get_skip_conditions(self, request):
        return []  # every order chooses a payment method, cash on delivery included

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("method_form", PaymentMethodForm(initial={"method": self._method()}))
        ctx["payment_method"] = self._method()
        ctx["payment_method_label"] = dict(PaymentMethodForm.base_fields["method"].choices).get(self._method(), "")
        ctx["seller_parts"] = _seller_parts(self.request.basket, self.checkout_session)
        return ctx

    def _method(self) -> str:
        return self.checkout_session._get("payment", self.METHOD_KEY) or ""

    def check_payment_data_is_captured(self, request):
        if self._method() not in services.CHECKOUT_METHODS:
            from oscar.apps.checkout.exceptions import FailedPreCondition

            raise FailedPreCondition(
                url=reverse("checkout:payment-details"), message=_("Please choose how you will pay.")
            )

    def handle_payment_details_submission(self, request):
        form = PaymentMethodForm(request.POST)
        if not form.is_valid():
            return self.render_payment_details(request, method_form=form)
        self.checkout_session._set("payment", self.METHOD_KEY, form.cleaned_data["method"])
        return redirect("checkout:preview")

    def post(self, request, *args, **kwargs):
        if not self.preview and "method" in request.POST:
            return self.handle_payment_details_submission(request)
        return super().post(request, *args, **kwargs)

    def handle_payment(self, order_number, total, **kwargs):
        # Nothing is taken before the order exists: online methods redirect after placement.
        if self._method() not in services.CHECKOUT_METHODS:
            raise UnableToPlaceOrder(_("Please choose how you will pay."))

    def handle_order_placement(
        self,
        order_number,
        user,
        basket,
        shipping_address,
        shipping_method,
        shipping_charge,
        billing_address,
        order_total,
        surcharges=None,
        **kwargs,
    ):
        method = self._method()
        shipping_address = self.create_shipping_address(user, shipping_address)
        billing_address = self.create_billing_address(user, billing_address, shipping_address, **kwargs)
        order = services.place_order(
            shipping_choices=self.checkout_session._get("shipping", CARRIER_CHOICES_KEY) or None,
            basket=basket,
            user=user,
            shipping_address=shipping_address,
            billing_address=billing_address,
            payment_method=method,
            order_number=order_number,
            request=self.request,
            guest_email=self.checkout_session.get_guest_email() or "",
        )
        if method not in services.ONLINE_METHODS:
            return self.handle_successful_order(order)
        try:
            nxt = services.start_order_payment(
                order=order,
                method=method,
                base_url=f"{self.request.scheme}://{self.request.get_host()}",
                client_ip=self.request.META.get("REMOTE_ADDR", "127.0.0.1"),
                locale="en" if (self.request.LANGUAGE_CODE or "vi").startswith("en") else "vn",
            )
        except Exception as exc:  # the provider refused or is down: give the stock back, let the buyer retry
            services.cancel_order(order=order, actor="system", reason=f"payment could not start: {exc}")
            raise UnableToPlaceOrder(
                _("The payment provider is not available right now. Please try again or choose another payment method.")
            ) from exc
        self.checkout_session.flush()
        self.request.session["checkout_order_id"] = order.id
        messages.info(
            self.request,
            _("Your order %(number)s is held for you until %(time)s while you pay.")
            % {"number": order.number, "time": date_format(timezone.localtime(nxt.expires_at), "H:i d/m/Y")},
        )
        return http.HttpResponseRedirect(nxt.redirect_url)
