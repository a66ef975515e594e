from django.urls import path

from . import api

app_name = "seller-api"

urlpatterns = [
    path("token/", api.TokenView.as_view(), name="token"),
    path("shops/", api.ShopListView.as_view(), name="shops"),
    path("shops/<int:partner_id>/products/", api.ShopProductsView.as_view(), name="shop-products"),
    path("shops/<int:partner_id>/orders/", api.ShopOrdersView.as_view(), name="shop-orders"),
    path("products/<int:pk>/", api.ProductDetailView.as_view(), name="product"),
    path("orders/<int:pk>/", api.OrderDetailView.as_view(), name="order"),
]
