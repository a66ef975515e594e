"""Oscar's checkout session, with the marketplace's only shipping method: a weight-table parcel per seller."""

from oscar.apps.checkout import session

from payments.checkout.shipping import PerSellerWeightShipping


class CheckoutSessionMixin(session.CheckoutSessionMixin):
    def get_shipping_method(self, basket, shipping_address=None, **kwargs):
        if not basket.is_shipping_required():
            return super().get_shipping_method(basket, shipping_address, **kwargs)
        return PerSellerWeightShipping()
