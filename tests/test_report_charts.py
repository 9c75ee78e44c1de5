"""The report charts: well-formed accessible SVG with the numbers written on it, for any data."""

import xml.etree.ElementTree as ET

import pytest

from reports import charts
from reports.charts import bar_svg, funnel_svg, line_svg

SVG = "{http://www.w3.org/2000/svg}"

FUNNEL = [("Aanmeldingen ontvangen", 60), ("Geaccepteerd", 51), ("Beschermtafel", 9), ("Maatregel", None)]
BARS = [("Veiligheid voldoende gewaarborgd", 38), ("Verhuisd", 3.5), ("Overig", None)]
POINTS = [("jan", 3), ("feb", 8), ("mrt", None), ("apr", 12), ("mei", 14), ("jun", 0)]


def _funnel(data=FUNNEL, title="Van aanmelding tot maatregel"):
    return funnel_svg(title=title, description="Aantal gezinnen per stap", steps=data)


def _bar(data=BARS, title="Redenen van afsluiten"):
    return bar_svg(title=title, description="Afgesloten zaken per reden", bars=data, unit="zaken")


def _line(data=POINTS, title="Open signalen"):
    return line_svg(title=title, description="Open signalen aan het eind van elke maand", points=data)


ALL = {"funnel": _funnel, "bar": _bar, "line": _line}


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def _texts(root: ET.Element) -> list[str]:
    """What the chart writes, one entry per <text> (its <tspan> lines joined by a space)."""
    return [" ".join(t.strip() for t in text.itertext()) for text in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("make", ALL.values(), ids=ALL.keys())
def test_chart_is_an_image_named_by_its_title_and_description(make):
    svg = make()
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text and desc.text
    assert root.get("viewBox").startswith("0 0 640 ")


@pytest.mark.parametrize("make", ALL.values(), ids=ALL.keys())
def test_chart_needs_no_css_script_or_inline_style(make):
    root = _parse(make())
    assert not [el for el in root.iter() if el.tag in (f"{SVG}style", f"{SVG}script")]
    assert not [el for el in root.iter() if "style" in el.attrib]
    assert root.get("font-family").endswith("sans-serif")


@pytest.mark.parametrize("make", ALL.values(), ids=ALL.keys())
def test_ids_are_unique_across_charts_on_one_page_even_with_the_same_title(make):
    first, second = _parse(make()), _parse(make())
    ids = [el.get("id") for root in (first, second) for el in root.iter() if el.get("id")]
    assert len(ids) == 4
    assert len(set(ids)) == 4


def test_funnel_writes_each_step_its_count_and_share_of_the_first_step():
    root = _parse(_funnel())
    texts = _texts(root)
    for label, _ in FUNNEL:
        assert label in texts
    assert {"60", "51 (85%)", "9 (15%)", "<5"} <= set(texts)
    # one bar per step that has a count; the suppressed step has none
    assert len(root.findall(f".//{SVG}rect")) == 3
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths == sorted(widths, reverse=True)


def test_bar_chart_writes_values_with_unit_and_dutch_decimals():
    root = _parse(_bar())
    texts = _texts(root)
    assert {"Veiligheid voldoende gewaarborgd", "Verhuisd", "Overig"} <= set(texts)
    assert {"38 zaken", "3,5 zaken", "<5"} <= set(texts)
    assert len(root.findall(f".//{SVG}rect")) == 2


def test_line_chart_marks_each_known_point_and_breaks_the_line_where_suppressed():
    root = _parse(_line())
    texts = _texts(root)
    assert {"jan", "feb", "mrt", "apr", "mei", "jun"} <= set(texts)
    assert {"3", "8", "<5", "12", "14", "0"} <= set(texts)
    assert len(root.findall(f".//{SVG}circle")) == 5
    # jan-feb, then apr-mei-jun: the suppressed month is not bridged
    assert [len(line.get("points").split()) for line in root.iter(f"{SVG}polyline")] == [2, 3]


def test_line_chart_with_many_points_labels_every_kth():
    points = [(str(day), day) for day in range(1, 32)]
    texts = _texts(_parse(_line(points)))
    assert "1" in texts and "3" in texts and "2" not in texts
    assert len(_parse(_line(points)).findall(f".//{SVG}circle")) == 31


@pytest.mark.parametrize(
    "data",
    [
        [],
        [("Enige", 7)],
        [("Nul", 0)],
        [("a", 0), ("b", 0)],
        [("a", None), ("b", None)],
        [("a", 4), ("b", 4)],
    ],
    ids=["empty", "single", "zero", "all-zero", "all-suppressed", "all-equal"],
)
@pytest.mark.parametrize("make", ALL.values(), ids=ALL.keys())
def test_degenerate_data_draws_without_dividing_by_zero(make, data):
    root = _parse(make(data))
    for value in ("x", "y", "width", "cx", "cy"):
        for el in root.iter():
            if el.get(value) is not None:
                assert float(el.get(value)) >= 0
    if all(not value for _, value in data):
        assert not root.findall(f".//{SVG}rect")


def test_all_equal_values_draw_equal_full_bars():
    root = _parse(_bar([("a", 4), ("b", 4)]))
    widths = {rect.get("width") for rect in root.iter(f"{SVG}rect")}
    assert len(widths) == 1


def test_one_huge_value_keeps_small_counts_visible_and_fits_the_chart():
    root = _parse(_bar([("klein", 1), ("groot", 1_234_567)]))
    small, big = (float(rect.get("width")) for rect in root.iter(f"{SVG}rect"))
    assert small >= charts.MIN_BAR
    assert "1.234.567 zaken" in _texts(root)
    big_rect = list(root.iter(f"{SVG}rect"))[1]
    assert float(big_rect.get("x")) + big <= charts.WIDTH


def test_line_scale_has_round_ticks_above_the_largest_value():
    texts = _texts(_parse(_line([("a", 1), ("b", 1_234_567)])))
    assert "1.500.000" in texts and "0" in texts


@pytest.mark.parametrize("make", ALL.values(), ids=ALL.keys())
def test_labels_and_title_are_escaped(make):
    nasty = "A <b>&\"c'"
    svg = make([(nasty, 5)], title=nasty)
    assert "<b>" not in svg
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == nasty
    assert nasty in _texts(root)


def _contrast(colour: str) -> float:
    """WCAG contrast ratio of a #rrggbb colour against white."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_colours_have_enough_contrast_on_white():
    assert _contrast(charts.COLOURS["text"]) >= 4.5
    for graphic in ("bar", "axis", "grid"):
        assert _contrast(charts.COLOURS[graphic]) >= 3
