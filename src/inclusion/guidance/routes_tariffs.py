"""The cheaper-internet checker: three questions, then the social tariffs that fit.

Answers are never stored: a completed check only adds one to an anonymous daily count.
Each question is a GET form whose action is the next step and which carries the
earlier answers as hidden fields, so the whole flow lives in the query string: it
works without JavaScript and needs no session, cookie or CSRF token.
Every step checks the answers before it; the first one missing or wrong is asked again
with its error.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from urllib.parse import urlencode

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_currency
from litestar import Controller, Request, get
from litestar.datastructures import CacheControlHeader
from litestar.response import Template

from inclusion.guidance.tariff_forms import (
    BENEFIT_NAMES,
    NEED_NAMES,
    NONE_OF_THESE,
    CheckedAnswers,
    Query,
    check_answers,
)
from inclusion.guidance.tariffs import (
    ANOTHER_PROVIDER,
    NO_PROVIDER,
    Tariff,
    TariffData,
    matching_tariffs,
    tariffs_in_use,
)
from inclusion.i18n import _, ngettext
from inclusion.i18n.formatting import format_full_date, format_number
from inclusion.i18n.translations import current_locale
from inclusion.insights.counters import counted, tariff_check
from inclusion.web.rendering import render_page

QUESTIONS = ("benefits", "need", "provider")
STEPS = (*QUESTIONS, "results")
# Which benefits someone gets is personal: keep these pages out of every cache, so a
# shared library computer does not show them to the next person.
NOT_KEPT = CacheControlHeader(no_store=True)


def _babel_locale() -> Locale:
    """The reader's locale; British conventions for English (no serial comma)."""
    site = current_locale()
    return Locale.parse("en_GB") if site.code == "en" else site.babel


def format_price(amount: Decimal) -> str:
    """£15 or £12.50 (no pence when there are none), in the reader's locale."""
    locale = _babel_locale()
    if amount == amount.to_integral_value():
        pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
        return format_currency(amount, "GBP", format=pattern, locale=locale, currency_digits=False)
    return format_currency(amount, "GBP", locale=locale)


def monthly_price(tariff: Tariff) -> str:
    if tariff.monthly_price is None:
        return _("Ask the provider")
    return _("%(price)s a month", price=format_price(tariff.monthly_price))


def speed(tariff: Tariff) -> str:
    """The average download speed, or "Ask the provider" when the file does not say."""
    if tariff.speed_mbps:
        return _("%(speed)s Mbps on average", speed=format_number(tariff.speed_mbps))
    return _("Ask the provider")


def contract(tariff: Tariff) -> str:
    if tariff.contract_months is None:
        return _("Ask the provider")
    return ngettext("%(num)d month", "%(num)d months", tariff.contract_months)


def benefit_names(benefits: Collection[str]) -> list[str]:
    return [str(name) for key, name in BENEFIT_NAMES.items() if key in benefits]


def who_can_get(tariff: Tariff) -> str:
    names = format_list(benefit_names(tariff.benefits), style="or", locale=_babel_locale())
    return _("People who get %(benefits)s", benefits=names)


def _query(checked: CheckedAnswers, questions) -> str:
    """The answers to these questions, as a query string, for links and hidden fields."""
    return urlencode(_answer_fields(checked, questions))


def _answer_fields(checked: CheckedAnswers, questions) -> list[tuple[str, str]]:
    """(name, value) for each checked answer to these questions; wrong ones are left out."""
    fields: list[tuple[str, str]] = []
    if "benefits" in questions and not checked.benefits.errors:
        chosen = checked.benefits.benefits or [NONE_OF_THESE]
        fields += [("benefits", benefit) for benefit in chosen]
    if "need" in questions and not checked.need.errors:
        fields.append(("need", checked.need.need))
    if "provider" in questions and not checked.provider.errors:
        fields.append(("provider", checked.provider.provider))
    return fields


def _query_values(request: Request) -> Query:
    return {name: request.query_params.getall(name, []) for name in QUESTIONS}


class CheckerStep:
    """One request to the checker: the data in use, the answers so far, and links."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.data: TariffData = tariffs_in_use(request.app.state.settings.tariffs_file)
        self.provider_names = dict(self.data.providers)
        self.checked = check_answers(_query_values(request), self.provider_names)

    def url(self, step: str, questions=()) -> str:
        path = self.request.app.route_reverse(f"cheaper-internet:{step}")
        query = _query(self.checked, questions)
        return f"{path}?{query}" if query else path

    def show(self, step: str) -> Template:
        """This step, or the first question before it that is missing or wrong."""
        for earlier in QUESTIONS[: STEPS.index(step)]:
            if getattr(self.checked, earlier).errors:
                return self.question(earlier, with_errors=True)
        return self.results() if step == "results" else self.question(step)

    def question(self, step: str, with_errors: bool = False) -> Template:
        form = getattr(self.checked, step)
        errors = form.errors if with_errors else None
        position = QUESTIONS.index(step)
        later = QUESTIONS[position + 1 :]
        # Someone changing one answer from the results goes straight back to them.
        later_answered = all(not getattr(self.checked, s).errors for s in later)
        following = "results" if later_answered else STEPS[position + 1]
        back = (
            self.url(QUESTIONS[position - 1], QUESTIONS[:position])
            if position
            else self.url("start")
        )
        others = [s for s in QUESTIONS if s != step]
        return render_page(
            self.request,
            f"guidance/cheaper_{step}.html",
            {
                "form": form,
                "errors": errors.summary if errors else [],
                "field_errors": errors,
                "action": self.request.app.route_reverse(f"cheaper-internet:{following}"),
                "carried": _answer_fields(self.checked, others),
                "back": back,
                "benefit_names": BENEFIT_NAMES,
                "need_names": NEED_NAMES,
                "providers": self.data.providers,
            },
        )

    def results(self) -> Template:
        answers = self.checked.answers()
        tariffs = matching_tariffs(answers, self.data.tariffs)
        provider = answers.provider
        response = render_page(
            self.request,
            "guidance/cheaper_results.html",
            {
                "answers": answers,
                "tariffs": tariffs,
                "none_of_these": not answers.benefits,
                "benefits_shown": benefit_names(answers.benefits) or [_("None of these")],
                "need_name": NEED_NAMES[answers.need],
                "provider_name": {
                    ANOTHER_PROVIDER: _("Another provider"),
                    NO_PROVIDER: _("No"),
                }.get(provider)
                or self.provider_names[provider],
                "provider_is_named": provider not in (ANOTHER_PROVIDER, NO_PROVIDER),
                "has_provider": provider != NO_PROVIDER,
                "change": {s: self.url(s, QUESTIONS) for s in QUESTIONS},
                "back": self.url("provider", QUESTIONS),
                "last_checked": format_full_date(self.data.last_checked),
                "monthly_price": monthly_price,
                "speed": speed,
                "contract": contract,
                "who_can_get": who_can_get,
                "count_text": ngettext(
                    "%(num)d social tariff, cheapest first",
                    "%(num)d social tariffs, cheapest first",
                    len(tariffs),
                ),
            },
        )
        # Only that a check was completed: never which answers led to it.
        return counted(self.request, response, tariff_check())


class CheaperInternetController(Controller):
    path = "/cheaper-internet"

    @get("/", name="cheaper-internet:start", sync_to_thread=False)
    def start(self, request: Request) -> Template:
        return render_page(
            request,
            "guidance/cheaper_start.html",
            {"low": format_price(Decimal(10)), "high": format_price(Decimal(20))},
        )

    @get("/benefits", name="cheaper-internet:benefits", sync_to_thread=True, cache_control=NOT_KEPT)
    def benefits(self, request: Request) -> Template:
        return CheckerStep(request).show("benefits")

    @get("/need", name="cheaper-internet:need", sync_to_thread=True, cache_control=NOT_KEPT)
    def need(self, request: Request) -> Template:
        return CheckerStep(request).show("need")

    @get("/provider", name="cheaper-internet:provider", sync_to_thread=True, cache_control=NOT_KEPT)
    def provider(self, request: Request) -> Template:
        return CheckerStep(request).show("provider")

    @get("/results", name="cheaper-internet:results", sync_to_thread=True, cache_control=NOT_KEPT)
    def results(self, request: Request) -> Template:
        return CheckerStep(request).show("results")
