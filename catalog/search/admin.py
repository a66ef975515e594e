from django.contrib import admin

from .models import SearchMiss


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """Read-only: the counts come from buyers' searches (misses.py)."""

    list_display = ["example", "query", "count", "first_seen", "last_seen"]
    search_fields = ["query", "example"]
    date_hierarchy = "last_seen"
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
