from django.contrib import admin
from oscar.apps.payment.admin import *  # noqa: F403  (keep Oscar's payment admin)

from .models import PaymentAttempt, ProviderEvent


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(admin.ModelAdmin):
    list_display = ["reference", "method", "amount", "status", "provider_transaction_id", "created_at"]
    list_filter = ["method", "status"]
    search_fields = ["reference", "provider_transaction_id", "order_number"]


@admin.register(ProviderEvent)
class ProviderEventAdmin(admin.ModelAdmin):
    list_display = ["provider", "event_key", "outcome", "received_at"]
    list_filter = ["provider", "outcome"]
    search_fields = ["event_key"]
