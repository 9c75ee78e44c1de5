"""The shared formatting every page uses: days ago in words, postcodes with their space."""

import datetime as dt

import pytest
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


def test_html_written_in_python_is_escaped_as_django_escapes_it():
    """core.html gives what django.utils.html gives, for text, numbers, HTML and translations (lazy too)."""
    from django.utils import html as django_html
    from django.utils.safestring import SafeString, mark_safe
    from django.utils.translation import gettext_lazy

    from core import html

    values = [
        "<script>alert('x')</script> & \"quoted\"",
        42,
        None,
        2.5,
        mark_safe("<b>trusted</b>"),
        gettext_lazy("not yet seen face to face"),
        mark_safe(gettext_lazy("Log a contact")),  # noqa: S308 (our own text)
        "",
    ]
    template = '<li class="{}" title="{}">{}</li>'
    with translation.override("nl"):
        for value in values:
            ours = html.format_html(template, value, value, value)
            assert ours == django_html.format_html(template, value, value, value)
            assert isinstance(ours, SafeString)
        rows = [(value, index) for index, value in enumerate(values)]
        joined = html.format_html_join(mark_safe("<br>"), "<p>{} {}</p>", rows)
        assert joined == django_html.format_html_join(mark_safe("<br>"), "<p>{} {}</p>", rows)
        assert html.format_html_join(", ", "{}", [("<a>",)]) == "&lt;a&gt;"
        assert html.format_html_join("&", "{}", [("a",), ("b",)]) == "a&amp;b"
    assert "&lt;script&gt;" in html.format_html("{}", values[0])


def test_urls_reversed_once_are_the_urls_django_reverses():
    from django.urls import reverse

    from core.urls import url_of, url_pattern

    assert url_of("caseloads:team") == reverse("caseloads:team")
    assert url_pattern("cases:detail").format(42) == reverse("cases:detail", args=[42])
    assert url_pattern("cases:contact-edit", ids=2).format(7, 3) == reverse("cases:contact-edit", args=[7, 3])
    assert url_pattern("cases:contact-edit", ids=2).format(3, 7) == reverse("cases:contact-edit", args=[3, 7])
    with pytest.raises(ValueError, match="one or two ids"):
        url_pattern("cases:detail", ids=3)


def test_days_and_moments_written_out_as_the_date_filter_writes_them():
    from django.utils.formats import date_format

    from core.dates import day_words, moment_words

    moments = [dt.datetime(2026, month, 1 + month, 23, 30, tzinfo=dt.UTC) for month in range(1, 13)]
    for language in ("nl", "en"):
        with translation.override(language):
            for moment in moments:
                local = timezone.localtime(moment)  # 23:30 UTC is the next day in Amsterdam
                assert moment_words(moment) == date_format(local, "l j F Y, H:i")
                assert day_words(local.date()) == date_format(local.date(), "j F Y")
                assert day_words(local.date(), short=True) == date_format(local.date(), "j b Y")
