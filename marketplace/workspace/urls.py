from django.urls import path

from logistics import seller_views

from . import listing, views

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("orders/<str:number>/", views.order_lookup, name="order-lookup"),
    path("<int:partner_id>/", views.products, name="products"),
    path("<int:partner_id>/products/<int:product_id>/", views.product_update, name="product-update"),
    path("<int:partner_id>/new/", listing.listing, name="listing-start"),
    path("<int:partner_id>/new/<int:step>/", listing.listing, name="listing"),
    path("<int:partner_id>/orders/", views.orders, name="orders"),
    path("<int:partner_id>/orders/<str:number>/", views.order_detail, name="order-detail"),
    path("<int:partner_id>/orders/<str:number>/delivery/", seller_views.delivery_action, name="order-delivery"),
]
