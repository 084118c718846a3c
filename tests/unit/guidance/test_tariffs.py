"""Which social tariffs a resident's answers match, in price order, from the packaged file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inclusion.guidance.tariffs import (
    PACKAGED_FILE,
    Answers,
    Tariff,
    load_tariffs,
    matching_tariffs,
)

ALL_BENEFITS = (
    "universal_credit",
    "pension_credit",
    "esa_income_related",
    "jsa_income_based",
    "income_support",
    "pip",
    "attendance_allowance",
    "housing_benefit",
)
# The packaged file's broadband tariffs for Universal Credit, cheapest first; Grain
# has no known price, so it comes after every priced one.
UC_BROADBAND = [
    "vodafone-essentials-broadband",  # £12
    "virgin-media-essential-broadband",  # £12.50
    "bt-home-essentials-36",  # £15, BT before County Broadband
    "county-broadband-essential",  # £15
    "bt-home-essentials-67",  # £20: BT, NOW Broadband, Sky, Virgin Media
    "now-broadband-basics",
    "sky-broadband-basics",
    "virgin-media-essential-broadband-plus",
    "grain-social-tariff",  # price unknown
]
UC_MOBILE = [
    "ee-social-tariff",
    "o2-social-tariff",
    "smarty-social-tariff",
    "tesco-mobile-social-tariff",
    "voxi-for-now",
]


@pytest.fixture(scope="module")
def packaged():
    return load_tariffs(PACKAGED_FILE)


@pytest.mark.parametrize(
    ("benefits", "need", "expected"),
    [
        pytest.param((), "broadband", [], id="none of these, broadband"),
        pytest.param((), "both", [], id="none of these, both"),
        pytest.param(("universal_credit",), "broadband", UC_BROADBAND, id="UC, broadband"),
        pytest.param(("universal_credit",), "mobile", UC_MOBILE, id="UC, mobile only"),
        pytest.param(
            ("universal_credit",),
            "both",
            UC_BROADBAND[:-1]
            + [
                "ee-social-tariff",  # unknown prices, by provider name
                "grain-social-tariff",
                "o2-social-tariff",
                "smarty-social-tariff",
                "tesco-mobile-social-tariff",
                "voxi-for-now",
            ],
            id="UC, both",
        ),
        pytest.param(
            ("pip",),
            "broadband",
            ["vodafone-essentials-broadband", "grain-social-tariff"],
            id="PIP only",
        ),
        pytest.param(("pip",), "mobile", [], id="PIP only, mobile"),
        pytest.param(
            ("pip",),
            "both",
            ["vodafone-essentials-broadband", "grain-social-tariff"],
            id="PIP only, both",
        ),
        pytest.param(
            ("attendance_allowance",),
            "broadband",
            ["grain-social-tariff"],
            id="Attendance Allowance only",
        ),
        pytest.param(
            ("housing_benefit",), "both", ["grain-social-tariff"], id="Housing Benefit only"
        ),
        pytest.param(("housing_benefit",), "mobile", [], id="Housing Benefit, mobile"),
        pytest.param(
            ("pension_credit",),
            "broadband",
            [
                "virgin-media-essential-broadband",
                "bt-home-essentials-36",
                "county-broadband-essential",
                "bt-home-essentials-67",
                "now-broadband-basics",
                "sky-broadband-basics",
                "virgin-media-essential-broadband-plus",
                "grain-social-tariff",
            ],
            id="Pension Credit",
        ),
        pytest.param(
            ("jsa_income_based",),
            "broadband",
            [
                "virgin-media-essential-broadband",
                "bt-home-essentials-36",
                "bt-home-essentials-67",
                "virgin-media-essential-broadband-plus",
                "grain-social-tariff",
            ],
            id="income-based JSA",
        ),
        pytest.param(("esa_income_related",), "mobile", [], id="income-related ESA, mobile"),
        pytest.param(
            ("income_support", "pip"),
            "broadband",
            [
                "vodafone-essentials-broadband",
                "virgin-media-essential-broadband",
                "bt-home-essentials-36",
                "bt-home-essentials-67",
                "virgin-media-essential-broadband-plus",
                "grain-social-tariff",
            ],
            id="Income Support and PIP",
        ),
        pytest.param(
            ALL_BENEFITS,
            "mobile",
            UC_MOBILE,
            id="every benefit, mobile",
        ),
    ],
)
def test_answers_match_these_tariffs_cheapest_first(packaged, benefits, need, expected):
    answers = Answers(benefits=frozenset(benefits), need=need)
    assert [t.id for t in matching_tariffs(answers, packaged.tariffs)] == expected


def test_the_provider_answer_does_not_change_what_matches(packaged):
    mine = Answers(frozenset({"universal_credit"}), "broadband", provider="bt")
    nobody = Answers(frozenset({"universal_credit"}), "broadband", provider="no")
    assert matching_tariffs(mine, packaged.tariffs) == matching_tariffs(nobody, packaged.tariffs)


def _tariff(tariff_id: str, provider: str, price: str | None) -> Tariff:
    return Tariff(
        id=tariff_id,
        provider=provider,
        name="Social tariff",
        kind="broadband",
        benefits=frozenset({"universal_credit"}),
        monthly_price=None if price is None else Decimal(price),
    )


def test_price_order_puts_free_first_and_unknown_last_then_goes_by_provider():
    tariffs = [
        _tariff("unknown", "Able", None),
        _tariff("twenty-zed", "Zed", "20"),
        _tariff("twenty-able", "able", "20.00"),
        _tariff("free", "Zed", "0"),
        _tariff("pennies", "Zed", "19.99"),
    ]
    answers = Answers(frozenset({"universal_credit"}), "both")
    assert [t.id for t in matching_tariffs(answers, tariffs)] == [
        "free",
        "pennies",
        "twenty-able",
        "twenty-zed",
        "unknown",
    ]


def test_customers_of_partner_brands_count_as_the_providers_own(packaged):
    bt = next(t for t in packaged.tariffs if t.id == "bt-home-essentials-36")
    assert bt.provider_keys == {"bt", "ee", "plusnet"}
    assert bt.no_exit_fee_to_switch
    assert ("now-broadband", "NOW Broadband") in packaged.providers
