"""Mounted at /seller/certificates/: sellers and their helpers upload OCOP certificates."""

from django.urls import path

from . import seller_certificate_views as views

app_name = "certificates"

urlpatterns = [path("<int:product_id>/upload/", views.upload, name="upload")]
