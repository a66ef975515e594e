"""Staff pages for OCOP certificates; mounted by the project at /staff/certificates/."""

from django.urls import path

from . import staff_views as views

app_name = "certificates-staff"

urlpatterns = [
    path("", views.CertificateQueueView.as_view(), name="queue"),
    path("<int:pk>/", views.CertificateDetailView.as_view(), name="detail"),
    path("<int:pk>/verify/", views.CertificateActionView.as_view(action="verify"), name="verify"),
    path("<int:pk>/reject/", views.CertificateActionView.as_view(action="reject"), name="reject"),
    path("<int:pk>/revoke/", views.CertificateActionView.as_view(action="revoke"), name="revoke"),
]
