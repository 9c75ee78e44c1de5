"""Production: every secret and address comes from the environment; nothing insecure by default."""

from config.env import env_bool, env_int

from .base import *  # noqa: F403
from .base import REDIS_URL

if not REDIS_URL:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("The environment variable REDIS_URL (or REDIS_URL_FILE) is required.")

DEBUG = False
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)

DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
# Outcome events leave only over TLS.
API_DELIVERY_HTTPS_ONLY = env_bool("API_DELIVERY_HTTPS_ONLY", True)
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# Behind one reverse proxy by default: the client address for login throttling (base.py, django-ipware).
PROXY_COUNT = env_int("PROXY_COUNT", 1)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"] * bool(PROXY_COUNT) + ["REMOTE_ADDR"]
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None
