from hypothesis import example, given
from hypothesis import strategies as st

from core.validators import bsn_is_valid, clean_bsn, normalise_name

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def _with_check_digit(first_eight: str) -> str | None:
    """Complete eight digits to a number that passes the elfproef, if a single check digit can."""
    total = sum(int(d) * w for d, w in zip(first_eight, WEIGHTS, strict=True))
    check = total % 11
    return None if check > 9 else first_eight + str(check)


eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


@given(eight_digits)
def test_a_correct_check_digit_passes(first_eight):
    number = _with_check_digit(first_eight)
    if number is not None and number != "000000000":
        assert bsn_is_valid(number)


@given(eight_digits, st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_any_single_typo_is_caught(first_eight, position, delta):
    number = _with_check_digit(first_eight)
    if number is None:
        return
    typo = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert not bsn_is_valid(typo)


def test_known_numbers():
    assert bsn_is_valid("111222333")
    assert bsn_is_valid("123456782")
    assert not bsn_is_valid("123456789")
    assert not bsn_is_valid("000000000")
    assert not bsn_is_valid("12345678")
    assert not bsn_is_valid("12345678a")


def test_clean_bsn_accepts_how_people_type_it():
    assert clean_bsn(" 1112.22.333 ") == "111222333"


@given(st.text(min_size=1, max_size=30))
@example("㎩")  # a compatibility character that decomposes into capitals ("Pa"), found by hypothesis in CI
@example("ᾈ")  # folding gives a letter that decomposes further
def test_normalised_names_are_stable(name):
    assert normalise_name(normalise_name(name)) == normalise_name(name)


def test_names_match_without_accents_or_case():
    assert normalise_name("Çelik") == "celik"
    assert normalise_name("Yılmaz") == "yilmaz"
    assert normalise_name("  Fabiënne   VAN  der Berg ") == "fabienne van der berg"
