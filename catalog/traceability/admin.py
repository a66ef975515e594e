"""Read-mostly admin for staff investigating a lot; sellers use /trace/manage/ and the API."""

from django.contrib import admin

from .models import Lot, LotCertification, TraceEvent


class TraceEventInline(admin.TabularInline):
    model = TraceEvent
    extra = 0
    fields = ["event_type", "occurred_at", "commune", "place", "counterparty", "input_lot_code", "note"]
    raw_id_fields = ["commune"]


@admin.register(Lot)
class LotAdmin(admin.ModelAdmin):
    list_display = ["code", "product", "producer", "status", "harvest_date", "pack_date", "published_at"]
    list_filter = ["status"]
    search_fields = ["code", "product__title", "producer__name", "planting_area_code", "packing_house_code"]
    raw_id_fields = ["product", "producer", "created_by"]
    readonly_fields = ["code", "published_at", "recalled_at", "created_at"]
    inlines = [TraceEventInline]


@admin.register(LotCertification)
class LotCertificationAdmin(admin.ModelAdmin):
    list_display = ["certificate_number", "scheme", "producer", "lot", "valid_from", "valid_until"]
    list_filter = ["scheme"]
    search_fields = ["certificate_number", "issuer", "producer__name", "lot__code"]
    raw_id_fields = ["producer", "lot", "created_by"]
