from django.urls import include, path

urlpatterns = [path("payments/vietqr/", include("payments.gateways.vietqr.urls"))]
