import oscar.apps.payment.apps as apps


class PaymentConfig(apps.PaymentConfig):
    """Oscar's payment app, forked: provider attempts and an exactly-once event ledger."""

    name = "payments"
