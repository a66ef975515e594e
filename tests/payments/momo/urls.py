from django.urls import include, path

urlpatterns = [path("payments/momo/", include("payments.gateways.momo.urls"))]
