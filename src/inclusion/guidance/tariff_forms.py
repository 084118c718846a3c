"""The cheaper-internet questions: read each answer from the query string, check it,
and say plainly what to fix.

The answers travel in the URL, so anyone can edit them: an unknown value, a repeated
one or a very long one gets the question's error message, never a server error.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from inclusion.guidance.tariffs import (
    ANOTHER_PROVIDER,
    BENEFITS,
    KINDS_FOR_NEED,
    NO_PROVIDER,
    Answers,
)
from inclusion.i18n import _l
from inclusion.web.forms import Errors, clean_text

Query = Mapping[str, Sequence[str]]

NONE_OF_THESE = "none"
NEEDS = tuple(KINDS_FOR_NEED)
# Longer than any value the pages offer; anything longer is not an answer.
MAX_VALUE_LENGTH = 40

BENEFIT_NAMES = {
    "universal_credit": _l("Universal Credit"),
    "pension_credit": _l("Pension Credit"),
    "esa_income_related": _l("Income-related Employment and Support Allowance (ESA)"),
    "jsa_income_based": _l("Income-based Jobseeker’s Allowance (JSA)"),
    "income_support": _l("Income Support"),
    "pip": _l("Personal Independence Payment (PIP)"),
    "attendance_allowance": _l("Attendance Allowance"),
    "housing_benefit": _l("Housing Benefit"),
}
NEED_NAMES = {
    "broadband": _l("Home broadband"),
    "mobile": _l("Mobile data"),
    "both": _l("Both"),
}

CHOOSE_BENEFITS = _l("Select the benefits you get, or select ‘None of these’")
NONE_AND_BENEFITS = _l("Select the benefits you get, or ‘None of these’ on its own")
CHOOSE_NEED = _l("Select whether you need home broadband, mobile data or both")
CHOOSE_PROVIDER = _l("Select your provider, or select ‘No’ if you do not have one")


def _values(query: Query, name: str) -> list[str]:
    """Every value given for `name`, cleaned; an over-long one is kept as a non-answer."""
    return [clean_text(value)[: MAX_VALUE_LENGTH + 1] for value in query.get(name, ())]


def _one_value(query: Query, name: str, allowed: Collection[str]) -> str:
    """The single allowed value for a radio question, or "" (missing, repeated, unknown)."""
    values = _values(query, name)
    return values[0] if len(values) == 1 and values[0] in allowed else ""


@dataclass
class BenefitsForm:
    benefits: list[str] = field(default_factory=list)  # kept on the page when wrong
    none_of_these: bool = False
    errors: Errors = field(default_factory=Errors)


def parse_benefits(query: Query) -> BenefitsForm:
    values = _values(query, "benefits")
    form = BenefitsForm(
        benefits=[b for b in BENEFITS if b in values],
        none_of_these=NONE_OF_THESE in values,
    )
    known = set(BENEFITS) | {NONE_OF_THESE}
    if not values or not set(values) <= known or len(values) > len(known):
        form.errors.add("benefits", str(CHOOSE_BENEFITS))
    elif form.none_of_these and form.benefits:
        form.errors.add("benefits", str(NONE_AND_BENEFITS))
    return form


@dataclass
class NeedForm:
    need: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_need(query: Query) -> NeedForm:
    form = NeedForm(_one_value(query, "need", NEEDS))
    if not form.need:
        form.errors.add("need", str(CHOOSE_NEED))
    return form


@dataclass
class ProviderForm:
    provider: str = ""
    errors: Errors = field(default_factory=Errors)


def provider_answers(provider_keys: Collection[str]) -> set[str]:
    return {*provider_keys, ANOTHER_PROVIDER, NO_PROVIDER}


def parse_provider(query: Query, provider_keys: Collection[str]) -> ProviderForm:
    form = ProviderForm(_one_value(query, "provider", provider_answers(provider_keys)))
    if not form.provider:
        form.errors.add("provider", str(CHOOSE_PROVIDER))
    return form


@dataclass
class CheckedAnswers:
    """Each question's checked answer so far, and the first question that needs one."""

    benefits: BenefitsForm
    need: NeedForm
    provider: ProviderForm

    @property
    def first_wrong(self) -> str | None:
        for step in ("benefits", "need", "provider"):
            if getattr(self, step).errors:
                return step
        return None

    def answers(self) -> Answers:
        return Answers(
            benefits=frozenset(self.benefits.benefits),
            need=self.need.need,
            provider=self.provider.provider,
        )


def check_answers(query: Query, provider_keys: Collection[str]) -> CheckedAnswers:
    return CheckedAnswers(
        benefits=parse_benefits(query),
        need=parse_need(query),
        provider=parse_provider(query, provider_keys),
    )
