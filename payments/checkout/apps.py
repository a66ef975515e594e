from oscar.apps.checkout import apps


class CheckoutConfig(apps.CheckoutConfig):
    name = "payments.checkout"
    label = "checkout"
