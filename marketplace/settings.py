"""Settings for the OCOP marketplace: one module, twelve-factor.

Everything that differs between a laptop and production comes from the environment
(read with django-environ). Unset variables give the embedded default described in
ARCHITECTURE.md: SQLite, Celery eager, the bundled osmem-server, provider simulators.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  (Oscar's documented way to start its settings)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEFAULT_SECRET_KEY = "insecure-dev-key-change-me"  # noqa: S105 - refused when DEBUG is off
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Public address of the site, for links that leave it (QR codes printed on labels).
SITE_URL = env.str("SITE_URL", default="")

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'marketplace.sqlite3'}")}
if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)  # a fresh clone has no var/ yet; SQLite will not create the folder
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    # PostgreSQL's JIT compiles a query once its estimated cost passes jit_above_cost. Our pages
    # run short queries whose correlated subqueries (stars, price, sales per product) inflate
    # that estimate: the search fallback's catalogue page spent 0.4 s compiling for 40 ms of
    # execution (bench/search.py --database). Off per connection; DB_JIT=true keeps the server's
    # setting (e.g. behind a PgBouncer that refuses the `options` startup parameter).
    if not env.bool("DB_JIT", default=False):
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Redis, cache and Celery --------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {}
from catalog.beat import BEAT_SCHEDULE as CATALOG_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE.update(CATALOG_BEAT_SCHEDULE)
from marketplace.monitoring.beat import BEAT_SCHEDULE as MONITORING_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE.update(MONITORING_BEAT_SCHEDULE)
# Unpaid online payments past their lifetime release their reserved stock.
CELERY_BEAT_SCHEDULE["payments-expire-unpaid"] = {"task": "payments.expire_unpaid_attempts", "schedule": 60.0}
# Payments whose IPN/webhook never came are settled by asking the provider (VNPay querydr...).
CELERY_BEAT_SCHEDULE["payments-query-missing-callbacks"] = {
    "task": "payments.query_missing_callbacks",
    "schedule": env.float("PAYMENT_QUERY_EVERY", default=300.0),
}
CELERY_BEAT_SCHEDULE["logistics-poll-stale"] = {"task": "logistics.poll_stale_shipments", "schedule": 1800.0}
CELERY_BEAT_SCHEDULE["logistics-retry-unbooked"] = {"task": "logistics.retry_unbooked", "schedule": 600.0}

# --- Search -----------------------------------------------------------------------------
# Unset: the bundled osmem-server is started on a free local port (catalog/search/engine.py).
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
# OpenSearch-family servers (osmem included) reject the 9.x client's vendored
# "compatible-with" media type; "plain" sends application/json instead.
SEARCH_WIRE_FORMAT = env.str("SEARCH_WIRE_FORMAT", default="plain" if not ELASTICSEARCH_URL else "compatible")
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="ocop")
SEARCH_TIMEOUT = env.float("SEARCH_TIMEOUT", default=2.0)
# After a failure searches go straight to the database for this long, then one probe decides.
SEARCH_RETRY_AFTER = env.float("SEARCH_RETRY_AFTER", default=5.0)
# Facet counts are kept until the live index changes, and at most this many seconds (0: off).
SEARCH_FACET_CACHE_SECONDS = env.int("SEARCH_FACET_CACHE_SECONDS", default=300)

# --- Apps -------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "payments.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "catalog.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "marketplace.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "payments.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "marketplace.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "catalog.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "marketplace.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "marketplace.dashboard.orders.apps.OrdersDashboardConfig",
    "marketplace.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "marketplace.regions.apps.RegionsConfig",
    "marketplace.sellers.apps.SellersConfig",
    "marketplace.core.apps.CoreConfig",
    "catalog.traceability.apps.TraceabilityConfig",
    "marketplace.workspace.apps.WorkspaceConfig",
    "logistics.apps.LogisticsConfig",
    "marketplace.monitoring.apps.MonitoringConfig",
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = [
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

# --- Language, time, money ----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

OSCAR_SHOP_NAME = "Chợ OCOP"  # brand name, not translated
OSCAR_SHOP_TAGLINE = _("Vietnamese farm specialities and OCOP products")
OSCAR_DEFAULT_CURRENCY = "VND"
OSCAR_CURRENCY_FORMAT = {"VND": {"format": "#,##0\xa0¤", "currency_digits": False, "locale": "vi"}}
OSCAR_SLUG_MAP = {"đ": "d", "Đ": "D"}  # Oscar folds other diacritics itself; đ is a letter, not an accent
OSCAR_SLUG_ALLOW_UNICODE = False
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_HOMEPAGE = reverse_lazy("storefront-home")
OSCAR_HIDDEN_FEATURES = ["reviews", "wishlists"]
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@chocop.vn")
OSCAR_ALLOW_ANON_CHECKOUT = True
# Vietnamese addresses have no postcode in practice: name, phone, street, commune, province.
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "country")

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
THUMBNAIL_DEBUG = False
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# --- API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OCOP Marketplace API",
    "DESCRIPTION": "Products, producers and origin of Vietnamese farm and OCOP goods.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI assets are served by the app itself: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Provider credentials (simulators by default) ------------------------------------------
VNPAY_TMN_CODE = env.str("VNPAY_TMN_CODE", default="SIMTMN01")
VNPAY_HASH_SECRET = env.str("VNPAY_HASH_SECRET", default="sim-vnpay-secret")
VNPAY_PAYMENT_URL = env.str("VNPAY_PAYMENT_URL", default="")
MOMO_PARTNER_CODE = env.str("MOMO_PARTNER_CODE", default="SIMMOMO")
MOMO_ACCESS_KEY = env.str("MOMO_ACCESS_KEY", default="sim-momo-access")
MOMO_SECRET_KEY = env.str("MOMO_SECRET_KEY", default="sim-momo-secret")
MOMO_ENDPOINT = env.str("MOMO_ENDPOINT", default="")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")  # e.g. https://api.stripe.com; empty: the simulator
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)  # seconds a signed webhook stays valid
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")  # pk_...: Stripe.js card field with the real API
# Minutes an online payment may take before its reserved stock goes back, per method
# ("vnpay=15,momo=15,card=30,vietqr=1440"). VNPay's page itself closes after vnp_ExpireDate; a
# bank transfer is often made later from another app, and a late one can only be refunded by hand.
PAYMENT_LIFETIMES = {
    "vnpay": 15,
    "momo": 15,
    "card": 30,
    "vietqr": 24 * 60,
    **{method: int(minutes) for method, minutes in env.dict("PAYMENT_LIFETIMES", default={}).items()},
}
# Pending attempts older than this many minutes are asked about (VNPay querydr, MoMo query,
# Stripe) in case their IPN never came; the beat runs every PAYMENT_QUERY_EVERY seconds.
PAYMENT_QUERY_AFTER = env.int("PAYMENT_QUERY_AFTER", default=5)
BANK_FEED_WEBHOOK_SECRET = env.str("BANK_FEED_WEBHOOK_SECRET", default="sim-bankfeed-secret")
# Carriers: an empty *_API_BASE means the local simulator (logistics/carriers/<code>/simulator.py).
GHN_API_BASE = env.str("GHN_API_BASE", default="")  # e.g. https://online-gateway.ghn.vn/shiip/public-api
GHN_TOKEN = env.str("GHN_TOKEN", default="sim-ghn-token")
GHN_SHOP_ID = env.str("GHN_SHOP_ID", default="885")
GHTK_API_BASE = env.str("GHTK_API_BASE", default="")  # e.g. https://services.giaohangtietkiem.vn
GHTK_TOKEN = env.str("GHTK_TOKEN", default="sim-ghtk-token")
GHTK_PARTNER_CODE = env.str("GHTK_PARTNER_CODE", default="SIMGHTK")
GHTK_WEBHOOK_HASH = env.str("GHTK_WEBHOOK_HASH", default="sim-ghtk-hash")
VIETTELPOST_API_BASE = env.str("VIETTELPOST_API_BASE", default="")  # e.g. https://partner.viettelpost.vn/v2
VIETTELPOST_USERNAME = env.str("VIETTELPOST_USERNAME", default="sim-vtp")
VIETTELPOST_PASSWORD = env.str("VIETTELPOST_PASSWORD", default="sim-vtp-password")
VIETTELPOST_WEBHOOK_SECRET = env.str("VIETTELPOST_WEBHOOK_SECRET", default="sim-vtp-webhook")
VNPOST_API_BASE = env.str("VNPOST_API_BASE", default="")  # e.g. https://my.vnpost.vn/MYVNP_API
VNPOST_USERNAME = env.str("VNPOST_USERNAME", default="sim-vnpost")
VNPOST_PASSWORD = env.str("VNPOST_PASSWORD", default="sim-vnpost-password")
VNPOST_CUSTOMER_CODE = env.str("VNPOST_CUSTOMER_CODE", default="")  # the customer code VNPost gives the account
VNPOST_WEBHOOK_SECRET = env.str("VNPOST_WEBHOOK_SECRET", default="sim-vnpost-webhook")
# The secret path segment of our carrier webhook URLs (/logistics/webhooks/<carrier>/<token>/).
LOGISTICS_WEBHOOK_TOKEN = env.str("LOGISTICS_WEBHOOK_TOKEN", default="sim-carrier-webhooks")
# Carrier simulators post webhooks to SITE_URL, or to this when SITE_URL is unset (command, beat).
LOGISTICS_SIMULATOR_SITE = env.str("LOGISTICS_SIMULATOR_SITE", default="http://127.0.0.1:8000")
LOGISTICS_DEFAULT_CARRIERS = env.list(
    "LOGISTICS_DEFAULT_CARRIERS", default=["ghn", "ghtk", "viettelpost", "vnpost", "self"]
)
LOGISTICS_QUOTE_TTL = env.int("LOGISTICS_QUOTE_TTL", default=600)  # seconds a quote is reused
LOGISTICS_CARRIER_TIMEOUT = env.float("LOGISTICS_CARRIER_TIMEOUT", default=5.0)  # seconds per carrier call
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
ESMS_API_KEY = env.str("ESMS_API_KEY", default="")
ESMS_SECRET_KEY = env.str("ESMS_SECRET_KEY", default="")
ESMS_BRANDNAME = env.str("ESMS_BRANDNAME", default="")
ESMS_SANDBOX = env.bool("ESMS_SANDBOX", default=False)

# --- Security when DEBUG is off -----------------------------------------------------------
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "marketplace": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
        "catalog": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
        "elastic_transport": {"handlers": ["console"], "level": "WARNING"},
    },
}

WHITENOISE_USE_FINDERS = DEBUG
