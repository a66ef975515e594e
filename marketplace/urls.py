from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from marketplace.core.views import HomeView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/seller/", include("marketplace.workspace.api_urls")),
    path("api/trace/", include("catalog.traceability.api_urls")),
    path("api/checkout/", include("payments.api_urls")),
    path("api/", include("marketplace.api_urls")),
    path("trace/", include("catalog.traceability.urls")),
    path("seller/certificates/", include("catalog.seller_certificate_urls")),
    path("seller/", include("marketplace.workspace.urls")),
    path("sellers/", include("marketplace.sellers.urls")),
    path("staff/certificates/", include("catalog.staff_urls")),
    path("staff/monitoring/", include("marketplace.monitoring.urls")),
    path("api/ioc/", include("marketplace.monitoring.api_urls")),
    path("staff/orders/", include("payments.staff_urls")),
    path("payments/vnpay/", include("payments.gateways.vnpay.urls")),
    path("payments/vietqr/", include("payments.gateways.vietqr.urls")),
    path("payments/momo/", include("payments.gateways.momo.urls")),
    path("payments/stripe/", include("payments.gateways.stripe.urls")),
    path("logistics/", include("logistics.urls")),
    path("", HomeView.as_view(), name="storefront-home"),
    path("", include(apps.get_app_config("oscar").urls[0])),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
