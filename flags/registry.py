"""The registry of stalled-case rules (domain.md §9), found in every installed app's ``rules`` package.

Each app declares its rules as plain data (core.rules.Rule) in ``<app>/rules/``: a module-level ``RULE``
or ``RULES`` in the package or its modules, and ``FACT_LABELS`` (and ``FACT_EMPTY``) for the facts they
show. discover(), run from FlagsConfig.ready(), imports them all; the engine is flags/services.py.
Thresholds can be overridden per organisation (RuleSetting, edited by the functional administrator), read
once per evaluation into the Context.
"""

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

from core.rules import Rule
from flags.models import RuleSetting

RULES: dict[str, Rule] = {}

# How the facts behind a flag are named on the page; each app's rules package adds its own.
FACT_LABELS = {
    "number": _("Case"),
}
# What a fact says when it has no value ("nog niet gezien" rather than a date); "—" when not named here.
FACT_EMPTY = {}


def register(rule: Rule) -> Rule:
    if RULES.get(rule.id, rule) is not rule:
        raise ImproperlyConfigured(f"Two stalled-case rules are called {rule.id}.")
    RULES[rule.id] = rule
    return rule


def _collect(module) -> None:
    found = [getattr(module, "RULE", None), *getattr(module, "RULES", ())]
    for rule in found:
        if isinstance(rule, Rule):
            register(rule)
    for name, label in getattr(module, "FACT_LABELS", {}).items():
        FACT_LABELS.setdefault(name, label)
    for name, text in getattr(module, "FACT_EMPTY", {}).items():
        FACT_EMPTY.setdefault(name, text)


def discover() -> None:
    """Import every installed app's ``rules`` package (flags' own too) and register what they declare."""
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, "rules"):
            continue
        package = importlib.import_module(f"{app_config.name}.rules")
        _collect(package)
        for module in pkgutil.iter_modules(getattr(package, "__path__", [])):
            _collect(importlib.import_module(f"{package.__name__}.{module.name}"))


@dataclass
class Context:
    """One evaluation: the moment, and every organisation's thresholds, read once."""

    now: dt.datetime
    today: dt.date
    settings: dict[str, dict[int, tuple[int, bool]]]

    @classmethod
    def load(cls, now: dt.datetime | None = None) -> "Context":
        now = now or timezone.now()
        settings: dict[str, dict[int, tuple[int, bool]]] = {}
        for setting in RuleSetting.objects.all():
            settings.setdefault(setting.rule, {})[setting.organisation_id] = (
                setting.threshold,
                setting.enabled,
            )
        return cls(now=now, today=timezone.localdate(now), settings=settings)

    def per_organisation(self, rule: Rule, condition: Callable[[int], Q]) -> Q:
        """condition(threshold) for every organisation with its own threshold, the default for the rest."""
        overrides = self.settings.get(rule.id, {})
        match = Q(pk__in=[])
        for organisation_id, (threshold, enabled) in overrides.items():
            if enabled:
                match |= Q(**{rule.organisation: organisation_id}) & condition(threshold)
        return match | (~Q(**{f"{rule.organisation}__in": list(overrides)}) & condition(rule.threshold))
