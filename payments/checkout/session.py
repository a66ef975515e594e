"""Oscar's checkout session, with the marketplace's shipping: each seller's parcel at the carrier the
buyer chose (or by the weight table when carriers are not set up)."""

from oscar.apps.checkout import session

from payments.checkout.shipping import method_from_session


class CheckoutSessionMixin(session.CheckoutSessionMixin):
    def get_shipping_method(self, basket, shipping_address=None, **kwargs):
        if not basket.is_shipping_required():
            return super().get_shipping_method(basket, shipping_address, **kwargs)
        return method_from_session(self.checkout_session)
