"""The shared formatting every page uses: days ago in words, postcodes with their space."""

import datetime as dt

from django.template import Context, Template
from django.utils import timezone, translation


def test_zicht_filters():
    with translation.override("nl"):
        today = timezone.localdate()
        out = Template(
            "{% load zicht %}{{ a|days_ago }}|{{ b|days_ago }}|{{ c|days_ago }}|{{ p|postcode }}"
        ).render(
            Context(
                {
                    "a": today,
                    "b": today - dt.timedelta(days=1),
                    "c": today - dt.timedelta(days=5),
                    "p": "1501CM",
                }
            )
        )
    assert out == "vandaag|1 dag geleden|5 dagen geleden|1501 CM"
