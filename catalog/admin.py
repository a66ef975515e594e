from django.contrib import admin
from oscar.apps.catalogue.admin import *  # noqa: F403  (keep Oscar's catalogue admin)
from oscar.core.loading import get_model

OcopCertificate = get_model("catalogue", "OcopCertificate")


@admin.register(OcopCertificate)
class OcopCertificateAdmin(admin.ModelAdmin):
    list_display = ["product", "stars", "status", "decision_number", "decision_date", "valid_until", "revoked_at"]
    list_filter = ["stars", "status", "issuing_level", "scheme"]
    search_fields = ["decision_number", "product__title"]
    raw_id_fields = ["product"]
