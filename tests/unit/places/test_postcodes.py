"""Postcode normalisation and validation, over generated postcodes."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inclusion.places.postcodes import normalise_postcode, parse_postcode

AREA_FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"  # no Q, V, X in the first position
AREA_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"  # no I, J, Z in the second
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # no C, I, K, M, O, V


@st.composite
def outward_codes(draw) -> str:
    area = draw(st.sampled_from(AREA_FIRST))
    if draw(st.booleans()):
        area += draw(st.sampled_from(AREA_SECOND))
    district = str(draw(st.integers(min_value=0, max_value=99)))
    return area + district


@st.composite
def full_postcodes(draw) -> str:
    inward = draw(st.sampled_from(string.digits)) + "".join(
        draw(st.lists(st.sampled_from(INWARD_LETTERS), min_size=2, max_size=2))
    )
    return f"{draw(outward_codes())} {inward}"


@st.composite
def sloppy(draw, text: str) -> str:
    """The same postcode as a person might type it: any case, any spacing."""
    chars = [c.lower() if draw(st.booleans()) else c for c in text.replace(" ", "")]
    spaced = "".join(c + (" " * draw(st.integers(0, 2))) for c in chars)
    return " " * draw(st.integers(0, 2)) + spaced


@given(full_postcodes().flatmap(lambda p: st.tuples(st.just(p), sloppy(p))))
def test_any_case_and_spacing_normalises_to_the_canonical_form(pair):
    canonical, typed = pair
    parsed = parse_postcode(typed) if len(typed) <= 16 else parse_postcode(canonical)
    assert parsed is not None
    assert parsed.is_full
    assert parsed.text == canonical
    assert parsed.outward == canonical.split()[0]


@given(outward_codes())
def test_a_district_alone_is_recognised_as_a_district(outward):
    parsed = parse_postcode(outward.lower())
    assert parsed is not None
    assert not parsed.is_full
    assert parsed.text == outward


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ne296te", "NE29 6TE"),
        ("NE29 6TE", "NE29 6TE"),
        ("  ne30 1qu ", "NE30 1QU"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A0AX", "W1A 0AX"),
        ("M1 1AE", "M1 1AE"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_known_postcodes(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "hello",
        "NE99 ZZZ",
        "NE29 6CI",
        "QE29 6TE",
        "N" * 500,
        "<script>",
        "NE29 6T",
        "12345",
        "NE29-6TE",
        "NE29 6TE extra",
    ],
)
def test_things_that_are_not_postcodes(typed):
    assert normalise_postcode(typed) is None


@given(st.text(max_size=40))
def test_never_raises_and_only_accepts_what_it_can_normalise(text):
    parsed = parse_postcode(text)
    if parsed is not None:
        assert parse_postcode(parsed.text) == parsed
        assert parsed.text == parsed.text.upper().strip()


@given(st.text(alphabet=string.ascii_letters + string.digits + " ", min_size=17, max_size=200))
def test_overlong_input_is_rejected(text):
    assert parse_postcode(text) is None
