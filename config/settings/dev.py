"""Local development: SQLite and a file-based Celery broker under var/, no services needed."""

import os
from pathlib import Path

_var = Path(os.environ.get("ZICHT_VAR_DIR") or Path(__file__).resolve().parents[2] / "var")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_var / 'zicht.sqlite3'}")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
os.environ.setdefault("CELERY_BROKER_URL", os.environ.get("REDIS_URL") or "filesystem://")

from .base import *  # noqa: E402, F403
from .base import CELERY_BROKER_URL, INSTALLED_APPS, STORAGES, VAR_DIR  # noqa: E402

DEMO_DATA_ALLOWED = True

# Demo data and the benchmark dataset exist only where demo logins are allowed.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS, "devdata"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

if CELERY_BROKER_URL == "filesystem://":
    _queue = VAR_DIR / "celery" / "queue"
    _processed = VAR_DIR / "celery" / "processed"
    # Where kombu keeps its exchange table (celery.exchange); by default "control/" in the working directory.
    _control = VAR_DIR / "celery" / "control"
    for _folder in (_queue, _processed, _control):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(_processed),
        "control_folder": str(_control),
        "store_processed": False,
    }
