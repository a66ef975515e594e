"""Included by the project at "sellers/"."""

from django.urls import path

from .views import moderation, onboarding, shops

app_name = "sellers"

urlpatterns = [
    path("register/", onboarding.register, name="register"),
    path("register/code/", onboarding.register_code, name="register-code"),
    path("register/details/", onboarding.register_details, name="register-details"),
    path("register/done/", onboarding.register_done, name="register-done"),
    path("communes/", onboarding.communes, name="communes"),
    path("login/", onboarding.login_phone, name="login"),
    path("login/code/", onboarding.login_code, name="login-code"),
    path("shop/", shops.my_shops, name="my-shops"),
    path("shop/<int:partner_id>/", shops.shop, name="shop"),
    path("shop/<int:partner_id>/audit/", shops.audit_trail, name="shop-audit"),
    path("shop/<int:partner_id>/helpers/<int:assignment_id>/revoke/", shops.revoke_helper, name="revoke-helper"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/<int:pk>/", moderation.detail, name="moderation-detail"),
    path("moderation/<int:pk>/approve/", moderation.approve, name="moderation-approve"),
    path("moderation/<int:pk>/reject/", moderation.reject, name="moderation-reject"),
    path("moderation/<int:pk>/consent-form/", moderation.consent_document, name="consent-document"),
    path("dev/sms-outbox/", shops.sms_outbox, name="dev-sms-outbox"),
]
