from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(value) -> str:
    """Text for a CSS content string: quotes, backslashes and line breaks escaped the CSS way."""
    text = str(value)
    for char, escaped in (("\\", "\\5c "), ('"', "\\22 "), ("'", "\\27 "), ("<", "\\3c "), ("\n", " ")):
        text = text.replace(char, escaped)
    return mark_safe(text)  # noqa: S308 - escaped above for the CSS string it goes into
