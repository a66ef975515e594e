"""The Celery app. Without REDIS_URL the settings make every task run eagerly in process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Provider simulators deliver callbacks (with the providers' retries) through Celery too.
app.autodiscover_tasks(
    ["payments.gateways.vnpay", "payments.gateways.momo", "payments.gateways.vietqr"], related_name="simulator"
)
