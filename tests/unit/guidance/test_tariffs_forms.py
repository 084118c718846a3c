"""The cheaper-internet answers as they arrive in a query string, hand-edited or not."""

from __future__ import annotations

import pytest

from inclusion.guidance.tariff_forms import (
    check_answers,
    parse_benefits,
    parse_need,
    parse_provider,
)

PROVIDERS = {"bt", "ee", "now-broadband"}
CHOOSE_BENEFITS = "Select the benefits you get, or select ‘None of these’"
NONE_AND_BENEFITS = "Select the benefits you get, or ‘None of these’ on its own"


@pytest.mark.parametrize(
    ("values", "benefits", "none"),
    [
        (["universal_credit"], ["universal_credit"], False),
        (["pip", "universal_credit", "pip"], ["universal_credit", "pip"], False),
        (["none"], [], True),
        ([" pip "], ["pip"], False),
    ],
)
def test_benefits_that_are_answers(values, benefits, none):
    form = parse_benefits({"benefits": values})
    assert not form.errors
    assert (form.benefits, form.none_of_these) == (benefits, none)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, CHOOSE_BENEFITS),
        ({"benefits": [""]}, CHOOSE_BENEFITS),
        ({"benefits": ["universal_credit", "lottery_win"]}, CHOOSE_BENEFITS),
        ({"benefits": ["x" * 10_000]}, CHOOSE_BENEFITS),
        ({"benefits": ["pip"] * 10}, CHOOSE_BENEFITS),
        ({"benefits": ["pip\x00"]}, None),  # control characters are dropped, not errors
        ({"benefits": ["none", "pip"]}, NONE_AND_BENEFITS),
    ],
)
def test_benefits_that_are_not(query, message):
    form = parse_benefits(query)
    assert form.errors.get("benefits") == message


def test_a_wrong_benefits_answer_keeps_the_choices_that_were_real():
    form = parse_benefits({"benefits": ["pip", "none", "lottery_win"]})
    assert form.errors
    assert (form.benefits, form.none_of_these) == (["pip"], True)


@pytest.mark.parametrize(
    ("values", "need"),
    [
        (["broadband"], "broadband"),
        (["mobile"], "mobile"),
        (["both"], "both"),
        ([], ""),
        (["broadband", "mobile"], ""),  # a radio question has one answer
        (["broadband", "broadband"], ""),
        (["satellite"], ""),
        (["b" * 10_000], ""),
    ],
)
def test_need(values, need):
    form = parse_need({"need": values})
    assert form.need == need
    assert bool(form.errors) == (not need)
    if not need:
        assert form.errors.get("need") == (
            "Select whether you need home broadband, mobile data or both"
        )


@pytest.mark.parametrize(
    ("values", "provider"),
    [
        (["bt"], "bt"),
        (["now-broadband"], "now-broadband"),
        (["another"], "another"),
        (["no"], "no"),
        (["BT"], ""),
        (["talktalk"], ""),
        (["bt", "ee"], ""),
        ([], ""),
    ],
)
def test_provider(values, provider):
    form = parse_provider({"provider": values}, PROVIDERS)
    assert form.provider == provider
    assert bool(form.errors) == (not provider)


def test_checked_answers_name_the_first_question_to_ask_again():
    checked = check_answers({"benefits": ["pip"], "provider": ["nope"]}, PROVIDERS)
    assert checked.first_wrong == "need"
    complete = check_answers({"benefits": ["pip"], "need": ["both"], "provider": ["ee"]}, PROVIDERS)
    assert complete.first_wrong is None
    answers = complete.answers()
    assert (answers.benefits, answers.need, answers.provider) == ({"pip"}, "both", "ee")
    nothing = check_answers(
        {"benefits": ["none"], "need": ["mobile"], "provider": ["no"]}, PROVIDERS
    )
    assert nothing.answers().benefits == frozenset()
