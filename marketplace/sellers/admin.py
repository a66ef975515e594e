from django.contrib import admin

from .models import AuditEntry, HelperAssignment, PayoutAccount, PhoneVerification, SellerApplication, StaffProfile


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "province", "is_national"]
    list_filter = ["is_national", "province"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(HelperAssignment)
class HelperAssignmentAdmin(admin.ModelAdmin):
    list_display = ["helper", "partner", "consent_method", "consent_at", "revoked_at"]
    list_filter = ["consent_method"]
    search_fields = ["helper__username", "partner__name"]
    raw_id_fields = ["helper", "partner", "consent_recorded_by", "revoked_by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: an audit trail that can be edited is not one."""

    list_display = ["created_at", "partner", "actor", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["partner__name", "actor__username", "summary"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SellerApplication)
class SellerApplicationAdmin(admin.ModelAdmin):
    """Decisions go through the moderation pages (they open the shop and text the seller)."""

    list_display = ["display_name", "phone", "seller_type", "commune", "status", "registered_by", "created_at"]
    list_filter = ["status", "seller_type", "commune__province"]
    search_fields = ["display_name", "phone", "representative_name"]
    raw_id_fields = ["commune", "registered_by", "decided_by", "partner", "phone_verification"]
    readonly_fields = ["status", "decided_by", "decided_at", "partner", "phone_verification", "created_at"]


@admin.register(PhoneVerification)
class PhoneVerificationAdmin(admin.ModelAdmin):
    list_display = ["phone", "purpose", "created_at", "expires_at", "verified_at", "ip_address"]
    list_filter = ["purpose"]
    search_fields = ["phone"]
    exclude = ["code_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PayoutAccount)
class PayoutAccountAdmin(admin.ModelAdmin):
    list_display = ["partner", "bank_bin", "holder_name"]
    search_fields = ["partner__name", "holder_name"]
    raw_id_fields = ["partner"]
