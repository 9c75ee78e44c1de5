"""Tests: real PostgreSQL and Redis on this machine (see the README for the variables)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zicht")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES

# Demo data and the benchmark dataset exist only where demo logins are allowed.
INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]
DEMO_DATA_ALLOWED = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Serve static files from the app folders, as in development; no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Work enqueued by tests that no worker is meant to run goes to a queue of its own, emptied afterwards.
CELERY_TASK_DEFAULT_QUEUE = "zicht-test-unconsumed"
# A receiver in a test answers at once or not at all; retries follow each other in seconds, not minutes.
API_DELIVERY_TIMEOUT_SECONDS = 2
API_DELIVERY_RETRY_SECONDS = 1
