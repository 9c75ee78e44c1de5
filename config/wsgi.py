import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# What a worker loads before its first request (Django, every app, view and library: some 120,000 objects)
# lives as long as the worker. Frozen, the collector no longer walks it: a full collection took about 60 ms
# on the bench machine, once every few dozen requests, on whichever request was running (ADR 14).
import_module(settings.ROOT_URLCONF)  # every view module now, not at the first request
gc.freeze()
