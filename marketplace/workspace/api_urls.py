from django.urls import path

from . import api, api_onboarding

app_name = "seller-api"

urlpatterns = [
    path("token/", api.TokenView.as_view(), name="token"),
    path("onboarding/code/", api_onboarding.CodeView.as_view(), name="onboarding-code"),
    path("onboarding/verify/", api_onboarding.VerifyView.as_view(), name="onboarding-verify"),
    path("onboarding/applications/", api_onboarding.ApplicationView.as_view(), name="onboarding-applications"),
    path("assisted/code/", api_onboarding.AssistedCodeView.as_view(), name="assisted-code"),
    path("assisted/applications/", api_onboarding.AssistedApplicationView.as_view(), name="assisted-applications"),
    path("shops/", api.ShopListView.as_view(), name="shops"),
    path("shops/<int:partner_id>/products/", api.ShopProductsView.as_view(), name="shop-products"),
    path("shops/<int:partner_id>/orders/", api.ShopOrdersView.as_view(), name="shop-orders"),
    path("products/<int:pk>/", api.ProductDetailView.as_view(), name="product"),
    path("products/<int:pk>/photos/", api.ProductPhotosView.as_view(), name="product-photos"),
    path("products/<int:pk>/certificates/", api.ProductCertificatesView.as_view(), name="product-certificates"),
    path("orders/<int:pk>/", api.OrderDetailView.as_view(), name="order"),
]
