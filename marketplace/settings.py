"""The one settings module. Everything that differs between machines comes from the environment.

Development (the default) is safe to run on a laptop: DEBUG on, a fixed development secret, local hosts only.
Production is DJANGO_ENV=production: it refuses to start without SECRET_KEY and passes `check --deploy`.
Test overrides live beside the tests, in tests/settings.py.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY") or ("" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# The marketplace's own apps, its business centers (docs/ARCHITECTURE.md); the tests that walk every one of our
# models or modules read this list.
PROJECT_APPS = (
    "marketplace",
    "members",
    "stores",
    "catalog",
    "logistics",
    "promotions",
    "coupons",
    "flashsales",
    "orders",
    "settlement",
    "reviews",
    "groupbuys",
    "auctions",
    "presales",
    "vouchers",
    "companies",
)
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mptt",
    "members.axes_config.AxesConfig",  # django-axes, its section named in our language
    *PROJECT_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "marketplace.middleware.SecurityHeaders",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "marketplace.middleware.RefuseNullCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
AUTH_USER_MODEL = "members.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "catalog.storefront_cache.csrf_placeholder",
                "marketplace.notifications.context_processors.unread_messages",
                "orders.cart.context_processors.cart_count",
            ],
        },
    },
]

# --- Real parts: PostgreSQL and Redis (marketplace/devstack.py starts embedded ones when these are unset)
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/marketplace")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions
# No JIT: the site's statements are short, and PostgreSQL compiles one whose estimated cost passes jit_above_cost
# for longer than it runs (a 20-line cart's SKU read: 50 ms of compiling for 2 ms of work; the bill run's claim:
# 8 s). One plan per prepared statement: only marketplace.compiled's statements have parameters on the server
# (Django writes its values into the text), and each was written to be planned once; left to choose, PostgreSQL
# planned the cart's SKU read afresh for every cart (1 to 2 ms, twice its run) because a short list of ids looked
# cheaper to plan for. A pooler that refuses startup options gets both from `ALTER ROLE ... SET` (docs/SCALING.md).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c plan_cache_mode=force_generic_plan"
# The hot reads of marketplace.compiled are bound on the server and prepared once per connection (Django binds its
# own statements on the client and never prepares them). A pooler in transaction mode must keep prepared statements
# per server connection (PgBouncer 1.21+: max_prepared_statements), or DB_PREPARED_STATEMENTS=0 turns them off.
if env_int("DB_PREPARED_STATEMENTS", 1):
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
# Redis 6.2 or newer (redis://host:port/db, or unix:///path/to/socket?db=N). It holds nothing that is a source of
# truth, and the site keeps serving when it fails (marketplace/redis.py, decision 0013).
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mp"),
        "OPTIONS": {"socket_timeout": 1.0, "socket_connect_timeout": 1.0},
    }
}
# Sessions in PostgreSQL only: a logout must hold even if Redis missed the delete while it was down.
SESSION_ENGINE = "marketplace.sessions"  # Django's database sessions, read by a statement compiled once

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password is checked
    "members.backends.MemberBackend",  # Django's ModelBackend, the member's row read by a statement compiled once
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Brute-force lockout: 5 failures for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "members.lockout.lockout_response"

# A "new member" (新注册用户), whom some promotions are for, joined within this many days.
NEW_MEMBER_DAYS = env_int("NEW_MEMBER_DAYS", 30)

# API tokens (members.ApiToken) last this long from their creation.
API_TOKEN_TTL = timedelta(days=env_int("API_TOKEN_TTL_DAYS", 30))

# --- Internationalisation: Chinese first, English available through the language switch.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Documents no web server may serve (a merchant's business licence and ID): read only through views that check who asks.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- API (API.md)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "members.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["marketplace.api.parsers.JSONParser"],  # DRF's, with size, depth and NUL limits
    "DEFAULT_PAGINATION_CLASS": "marketplace.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "marketplace.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "marketplace.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "marketplace.api.throttling.AnonThrottle",
        "marketplace.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "120/min"),
        "user": os.environ.get("THROTTLE_USER", "600/min"),
        "auth": os.environ.get("THROTTLE_AUTH", "20/min"),
        "redeem": os.environ.get("THROTTLE_REDEEM", "20/min"),  # redeem codes: fails closed without Redis
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Marketplace API",
    "DESCRIPTION": "The public API of the marketplace (API.md): storefront, checkout, seller and platform.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name get stable component names here (drf-spectacular W001 otherwise).
    "ENUM_NAME_OVERRIDES": {
        "StaffRoleEnum": "stores.models.StaffRole",
        "NewStaffRoleEnum": [("manager", "Manager"), ("clerk", "Clerk")],
        "StoreStatusEnum": "stores.models.StoreStatus",
        "StoreStatusChangeEnum": [("active", "Active"), ("frozen", "Frozen"), ("closed", "Closed")],
        "SpuStatusEnum": "catalog.models.SpuStatus",
        "CouponKindEnum": "coupons.models.CouponKind",
        "MessageKindEnum": "marketplace.notifications.models.MessageKind",
        "NotificationGroupEnum": "marketplace.notifications.models.NotificationGroup",
        "ChannelEnum": ["app", "h5", "web"],  # promotions.pricing.Channel: a cart's channel, an offer's channels
        "PromotionKindEnum": "promotions.pricing.kinds.KINDS",  # the registry of promotion kinds
        "PaymentGatewayEnum": ["simulated"],  # PAYMENT_GATEWAYS: a payment's method, a statement's gateway
        # orders.payment.methods.method_names(): the payment API's `method`, a gateway or a channel it settles, or
        # a business buyer's company's credit (decision 0039)
        "PaymentMethodEnum": ["simulated", "alipay", "wechat_pay", "unionpay", "on_credit"],
        "CompanyRoleEnum": "companies.models.CompanyRole",
        "CounterMethodEnum": "orders.models.CounterMethod",  # the ways a store's counter takes payment (decision 0040)
        "PosAccountKindEnum": "orders.models.PosAccountKind",
        "PayoutMethodEnum": "settlement.models.PayoutMethod",
        "AuctionStatusEnum": "auctions.models.AuctionStatus",
        "PresaleStatusEnum": "presales.models.PresaleStatus",
        "PresaleDepositStatusEnum": "presales.models.DepositStatus",
        "GroupStatusEnum": "groupbuys.models.GroupStatus",
        "GroupMemberStatusEnum": "groupbuys.models.MemberStatus",
    },
}


def celery_broker_url(redis_url: str) -> str:
    """kombu's name for the same Redis database: a Unix socket is `redis+socket://`, its database `virtual_host`."""
    if not redis_url.startswith("unix://"):
        return redis_url
    path, _, query = redis_url.removeprefix("unix://").partition("?")
    return f"redis+socket://{path}?virtual_host={dict(parse_qsl(query)).get('db', '0')}"


# --- Celery (marketplace/celery.py): Redis broker; a task is acknowledged only after it ran, and a
# task whose worker died is given back to the queue, so every task must be idempotent.
CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE = {
    "expire-flash-holds": {"task": "flashsales.tasks.expire_holds", "schedule": crontab()},  # every minute
    "close-flash-sessions": {"task": "flashsales.tasks.close_sessions", "schedule": crontab()},
    "close-due-groups": {"task": "groupbuys.tasks.close_due_groups", "schedule": crontab()},  # every minute
    "close-auctions": {"task": "auctions.tasks.close_auctions", "schedule": crontab()},  # every minute
    "close-presale-deposits": {"task": "presales.tasks.close_deposit_windows", "schedule": crontab()},
    "remind-presale-balances": {"task": "presales.tasks.remind_balances", "schedule": crontab(minute="*/5")},
    "end-presales": {"task": "presales.tasks.end_presales", "schedule": crontab()},
    "expire-vouchers": {"task": "vouchers.tasks.expire_vouchers", "schedule": crontab(minute="*/10")},
    "expire-deals": {"task": "companies.deals.tasks.expire_deals", "schedule": crontab(minute=3)},  # hourly
    "expire-api-tokens": {"task": "members.tasks.purge_expired_tokens", "schedule": crontab(minute=17)},
    "expire-points": {"task": "members.tasks.expire_points", "schedule": crontab(hour=0, minute=5)},
    "apply-shelf-schedule": {"task": "catalog.tasks.apply_shelf_schedule", "schedule": crontab()},  # every minute
    "sweep-missing-thumbnails": {"task": "catalog.tasks.sweep_missing_thumbnails", "schedule": crontab(minute="*/15")},
    "expire-coupons": {"task": "coupons.tasks.expire_coupons", "schedule": crontab(minute=23)},
    "cancel-unpaid-orders": {"task": "orders.tasks.cancel_unpaid_orders", "schedule": crontab()},  # every minute
    "advance-delivered-orders": {"task": "orders.tasks.advance_delivered_orders", "schedule": crontab(minute=41)},
    "split-missed-shipments": {"task": "orders.tasks.split_missed_shipments", "schedule": crontab(minute="*/10")},
    "track-parcels": {"task": "orders.tasks.track_parcels", "schedule": crontab(minute="*/15")},
    "sweep-uncollected-pickups": {"task": "orders.tasks.sweep_uncollected_pickups", "schedule": crontab(minute=37)},
    "sweep-missing-evidence-thumbnails": {
        "task": "orders.tasks.sweep_missing_evidence_thumbnails",
        "schedule": crontab(minute="*/15"),
    },
    "deliver-outbox": {"task": "marketplace.tasks.deliver_outbox", "schedule": crontab()},  # every minute
    "post-ledger": {"task": "settlement.tasks.post_ledger", "schedule": crontab()},  # every minute
    "bill-daily": {"task": "settlement.tasks.bill_cycle", "schedule": crontab(hour=2, minute=7), "args": ["daily"]},
    "bill-weekly": {
        "task": "settlement.tasks.bill_cycle",
        "schedule": crontab(hour=2, minute=17, day_of_week="mon"),
        "args": ["weekly"],
    },
    "bill-monthly": {
        "task": "settlement.tasks.bill_cycle",
        "schedule": crontab(hour=2, minute=27, day_of_month=1),
        "args": ["monthly"],
    },
    "resume-bill-runs": {"task": "settlement.tasks.resume_bill_runs", "schedule": crontab(minute="*/10")},
    "report-rollups": {"task": "settlement.tasks.roll_up_reports", "schedule": crontab(minute="*/5")},
    # A company's credit (decision 0043): last month's statements (written on the 1st; a sweep every day), overdue.
    "issue-credit-statements": {
        "task": "companies.credit.tasks.issue_statements",
        "schedule": crontab(hour=1, minute=7),
    },
    "mark-credit-overdue": {"task": "companies.credit.tasks.mark_overdue", "schedule": crontab(hour=0, minute=20)},
    "remind-expiring-coupons": {
        "task": "coupons.tasks.remind_expiring_coupons",
        "schedule": crontab(hour=9, minute=30),  # daily, at an hour to be read
    },
}

# --- The outbox (marketplace/outbox.py, decision 0016): what leaves the database is delivered after commit. A
# worker holds a row it delivers for OUTBOX_LEASE_SECONDS (far longer than any handler's own timeout); a failed
# attempt is tried again after OUTBOX_RETRY_SECONDS, doubling up to OUTBOX_RETRY_MAX_SECONDS, and after
# OUTBOX_MAX_ATTEMPTS (about three hours with these) the row is stuck until an operator retries it in the admin.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 300)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 30)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 3600)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
OUTBOX_SWEEP_LIMIT = env_int("OUTBOX_SWEEP_LIMIT", 1000)  # rows per sweep; the next minute's takes the rest

# --- Orders: how long an unpaid order waits (30 minutes is usual for shoppers; 24 hours suits B2B), how long
# after shipping receipt is confirmed for the shopper, and how long after receipt after-sales stay open.
ORDER_PAYMENT_TIMEOUT_MINUTES = env_int("ORDER_PAYMENT_TIMEOUT_MINUTES", 30)
# Store pickup (自提): a paid order not collected is reminded after this many days, and cancelled with a full
# refund after that many (orders.pickup.services.pickup_sweep, hourly).
PICKUP_REMIND_AFTER_DAYS = env_int("PICKUP_REMIND_AFTER_DAYS", 3)
PICKUP_CANCEL_AFTER_DAYS = env_int("PICKUP_CANCEL_AFTER_DAYS", 7)
# How long a flash-sale win holds its unit for the member to check out (decision 0029).
FLASH_HOLD_MINUTES = env_int("FLASH_HOLD_MINUTES", 5)
# How long a worker that heard an item is sold out refuses attempts on it without asking Redis (0: always ask).
FLASH_SOLD_OUT_MEMO_MS = env_int("FLASH_SOLD_OUT_MEMO_MS", 500)
ORDER_AUTO_CONFIRM_DAYS = env_int("ORDER_AUTO_CONFIRM_DAYS", 10)
ORDER_AFTER_SALES_DAYS = env_int("ORDER_AFTER_SALES_DAYS", 7)
# --- Reviews: how many days after receipt a shopper may review a line; the sensitive-word list (empty: the one in
# the repository, reviews/words/sensitive.txt).
REVIEW_WINDOW_DAYS = env_int("REVIEW_WINDOW_DAYS", 30)
REVIEW_WORDS_FILE = os.environ.get("REVIEW_WORDS_FILE", "")

# Set by bench/harness.py only: routes the floor view that returns saved bytes from memory.
BENCH_FLOOR_DIR = os.environ.get("BENCH_FLOOR_DIR", "")

# --- Integrations: each has one interface and a simulated implementation, chosen here.
PAYMENT_GATEWAYS = {"simulated": "orders.payment.gateways.SimulatedGateway"}
# The ways a shopper may pay (orders.models.PaymentChannel) and the gateway that settles each; the cashier page
# offers these, in this order. A real integration points a channel at its own gateway.
PAYMENT_CHANNELS = {"alipay": "simulated", "wechat_pay": "simulated", "unionpay": "simulated"}
PAYMENT_SIMULATED_SECRET = os.environ.get("PAYMENT_SIMULATED_SECRET") or (
    "" if PRODUCTION else "development-payment-secret"
)
if PRODUCTION and not PAYMENT_SIMULATED_SECRET:
    raise ImproperlyConfigured("PAYMENT_SIMULATED_SECRET must be set in production")
# The simulated gateway's own page (/pay/simulated/…), where its payer clicks "Pay": development and tests only.
# Production never routes it, whatever the environment says; there the simulated gateway is paid only by its
# signed callback, as a real gateway would notify.
PAYMENT_SIMULATED_PAGE = not PRODUCTION and env_bool("PAYMENT_SIMULATED_PAGE", True)
TRACKING_PROVIDER = os.environ.get("TRACKING_PROVIDER", "logistics.tracking.SimulatedTrackingProvider")
# Payouts to stores (settlement.payouts); the simulated provider signs its callbacks with its own secret, by default
# one derived from the payment gateway's.
PAYOUT_PROVIDER = os.environ.get("PAYOUT_PROVIDER", "settlement.payouts.SimulatedPayoutProvider")
PAYOUT_SIMULATED_SECRET = os.environ.get("PAYOUT_SIMULATED_SECRET") or f"{PAYMENT_SIMULATED_SECRET}:payouts"
SMS_PROVIDER = os.environ.get("SMS_PROVIDER", "marketplace.notifications.sms.SimulatedSmsProvider")

# --- Notifications (marketplace/notifications/, decision 0017). E-mail goes through Django's mail backend: printed
# to the console in development; production sets EMAIL_BACKEND to SMTP with EMAIL_HOST and its credentials.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # seconds: an outbox delivery never hangs on a mail server
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Marketplace <noreply@marketplace.example>")
# Where the site is, for the links of e-mail and SMS (pages link relatively).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A member is told of an unused coupon this many days before it expires (the reminder job runs daily).
COUPON_EXPIRY_NOTICE_DAYS = env_int("COUPON_EXPIRY_NOTICE_DAYS", 3)

# --- Production hardening (`manage.py check --deploy` passes with no warning)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers and container health checks speak plain HTTP
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Scripts only from our own files (no inline script, no other origin); styles may be inline (the admin's and
# Swagger UI's widgets set style attributes); images also from data: URLs (Swagger UI's icons). A deployment
# that serves media from a CDN adds its origin to img-src through the environment.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
# Browser features no page of ours uses are off; geolocation (nearby stores) and payment only for our origin.
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "camera=(), microphone=(), usb=(), serial=(), bluetooth=(), midi=(), magnetometer=(), gyroscope=(), "
    "accelerometer=(), geolocation=(self), payment=(self), browsing-topics=()",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
