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


def test_select_options_mark_the_chosen_value_and_escape_labels():
    from django import forms

    class Pick(forms.Form):
        who = forms.TypedChoiceField(
            coerce=int, required=False, choices=[("", "Iedereen"), (7, "Anna <b>"), (12, 'Bram "B"')]
        )

    def options(data):
        return Template("{% load zicht %}{% select_options form.who %}").render(Context({"form": Pick(data)}))

    assert options({"who": "12"}) == (
        '<option value="">Iedereen</option><option value="7">Anna &lt;b&gt;</option>'
        '<option value="12" selected>Bram &quot;B&quot;</option>'
    )
    assert options(None).startswith('<option value="" selected>Iedereen</option><option value="7">')
    assert " selected" not in options({"who": "99"})  # a value that is no choice selects nothing
