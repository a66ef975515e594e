from django.contrib import admin

from .models import Commune, LegacyWard, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    list_filter = ["province"]
    search_fields = ["name", "code"]


@admin.register(LegacyWard)
class LegacyWardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district_name", "province_name"]
    search_fields = ["name", "code"]
