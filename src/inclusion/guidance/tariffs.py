"""Social tariffs: the reviewed data file staff keep, checked field by field, and which
tariffs a resident's answers match.

Staff replace the file without a code change, so a mistake in it must never break the
site: `tariffs_in_use` logs what is wrong and falls back to the packaged copy. Check a
replacement before it goes live with `python -m inclusion.guidance.tariffs FILE`.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

PACKAGED_FILE = Path(__file__).parent / "data" / "social-tariffs.yaml"

BENEFITS = (
    "universal_credit",
    "pension_credit",
    "esa_income_related",
    "jsa_income_based",
    "income_support",
    "pip",
    "attendance_allowance",
    "housing_benefit",
)
BROADBAND, MOBILE = "broadband", "mobile"
KINDS = (BROADBAND, MOBILE)
# What a resident says they need -> the kinds of tariff that answer it.
KINDS_FOR_NEED = {BROADBAND: {BROADBAND}, MOBILE: {MOBILE}, "both": {BROADBAND, MOBILE}}
# The provider question's own answers, which no provider may be called.
ANOTHER_PROVIDER, NO_PROVIDER = "another", "no"
ASK_THE_PROVIDER = "Ask the provider for its social tariff"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ]{5,18}[0-9]$")
MAX_TEXT = 500
MAX_PRICE = Decimal(200)

REQUIRED_FIELDS = ("id", "provider", "name", "kind", "benefits", "how_to_apply")
OPTIONAL_FIELDS = (
    "also_for",
    "monthly_price",
    "speed_mbps",
    "data",
    "contract_months",
    "no_exit_fee_to_switch",
    "check_before_use",
    "notes",
)
TOP_LEVEL_FIELDS = ("last_checked", "reviewed_by", "source", "tariffs")


class TariffDataError(Exception):
    """What is wrong with a tariff file: one line per problem, naming tariff and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def provider_key(name: str) -> str:
    """A provider's name as it travels in a URL: "NOW Broadband" -> "now-broadband"."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


@dataclass(frozen=True)
class Tariff:
    id: str
    provider: str
    name: str
    kind: str
    benefits: frozenset[str]
    monthly_price: Decimal | None = None
    speed_mbps: int | None = None
    data: str | None = None
    contract_months: int | None = None
    no_exit_fee_to_switch: bool = False
    apply_url: str | None = None
    apply_phone: str | None = None
    # Set when the data says something other than "ask the provider".
    apply_text: str | None = None
    check_before_use: bool = True
    notes: str | None = None
    also_for: tuple[str, ...] = ()

    @property
    def provider_keys(self) -> frozenset[str]:
        """Customers of these providers have this tariff from their own provider."""
        return frozenset(provider_key(name) for name in (self.provider, *self.also_for))


@dataclass(frozen=True)
class TariffData:
    tariffs: tuple[Tariff, ...]
    last_checked: date
    reviewed_by: str
    source: str

    @property
    def providers(self) -> list[tuple[str, str]]:
        """(key, name) for every provider named in the file, in alphabetical order."""
        names = {
            provider_key(name): name
            for tariff in self.tariffs
            for name in (tariff.provider, *tariff.also_for)
        }
        return sorted(names.items(), key=lambda item: item[1].casefold())


@dataclass(frozen=True)
class Answers:
    """What a resident told the checker. No benefits means "None of these"."""

    benefits: frozenset[str]
    need: str
    provider: str = NO_PROVIDER


def by_price(tariff: Tariff) -> tuple:
    """Cheapest first; a tariff with no known price after every priced one."""
    unknown = tariff.monthly_price is None
    return (unknown, tariff.monthly_price or 0, tariff.provider.casefold(), tariff.name, tariff.id)


def matching_tariffs(answers: Answers, tariffs: Iterable[Tariff]) -> list[Tariff]:
    """The tariffs someone with these answers can get, cheapest first."""
    kinds = KINDS_FOR_NEED[answers.need]
    found = [t for t in tariffs if t.kind in kinds and t.benefits & answers.benefits]
    return sorted(found, key=by_price)


# --- Reading and checking the file -----------------------------------------------------


class _Checker:
    """Collects every problem in one tariff rather than stopping at the first."""

    def __init__(self, entry: Mapping[str, Any], label: str, problems: list[str]) -> None:
        self.entry = entry
        self.label = label
        self.problems = problems

    def problem(self, field: str, message: str) -> None:
        self.problems.append(f"{self.label}, {field}: {message}")

    def text(self, field: str) -> str | None:
        value = self.entry.get(field)
        if _blank(value):
            return None  # required fields are reported missing once, by _tariff
        if not isinstance(value, str):
            self.problem(field, f"must be text, not {value!r}")
            return None
        if len(value) > MAX_TEXT:
            self.problem(field, f"must be {MAX_TEXT} characters or fewer")
            return None
        return " ".join(value.split())

    def whole_number(self, field: str) -> int | None:
        value = self.entry.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.problem(field, f"must be a whole number above 0, or null; not {value!r}")
            return None
        return value

    def flag(self, field: str, default: bool) -> bool:
        value = self.entry.get(field, default)
        if not isinstance(value, bool):
            self.problem(field, f"must be true or false, not {value!r}")
            return default
        return value

    def price(self) -> Decimal | None:
        value = self.entry.get("monthly_price")
        if value is None:
            return None
        try:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise InvalidOperation
            price = Decimal(str(value))
        except InvalidOperation:
            self.problem("monthly_price", f"must be a number of pounds or null, not {value!r}")
            return None
        if not price.is_finite() or price < 0:
            self.problem("monthly_price", f"must be 0 or more, not {value!r}")
        elif price > MAX_PRICE:
            self.problem("monthly_price", f"must be £{MAX_PRICE} or less, not {value!r}")
        elif price != price.quantize(Decimal("0.01")):
            self.problem("monthly_price", f"must be in pounds and pence, not {value!r}")
        else:
            return price
        return None

    def benefits(self) -> frozenset[str]:
        value = self.entry.get("benefits")
        if not isinstance(value, list) or not value:
            self.problem("benefits", "must list at least one benefit")
            return frozenset()
        for benefit in value:
            if benefit not in BENEFITS:
                self.problem(
                    "benefits", f"unknown benefit {benefit!r}; use any of {', '.join(BENEFITS)}"
                )
        if len(set(map(str, value))) != len(value):
            self.problem("benefits", "lists a benefit twice")
        return frozenset(b for b in value if b in BENEFITS)

    def names(self, field: str) -> tuple[str, ...]:
        value = self.entry.get(field) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.problem(field, "must be a list of provider names")
            return ()
        return tuple(value)

    def how_to_apply(self) -> tuple[str | None, str | None, str | None]:
        """(url, phone, text); text only when it says more than "ask the provider"."""
        value = self.entry.get("how_to_apply")
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split()).rstrip(".")
            return None, None, None if text == ASK_THE_PROVIDER else text[:MAX_TEXT]
        if not isinstance(value, Mapping) or not (value.get("url") or value.get("phone")):
            self.problem(
                "how_to_apply",
                f"must give a url and/or a phone number, or say {ASK_THE_PROVIDER!r}",
            )
            return None, None, None
        unknown = set(value) - {"url", "phone"}
        if unknown:
            self.problem("how_to_apply", f"unknown field {sorted(unknown)[0]!r}")
        url, phone = value.get("url"), value.get("phone")
        if url is not None and not (
            isinstance(url, str) and url.startswith("https://") and " " not in url.strip()
        ):
            self.problem("how_to_apply", f"url must start with https://, not {url!r}")
            url = None
        if phone is not None and not (isinstance(phone, str) and PHONE_PATTERN.match(phone)):
            self.problem("how_to_apply", f"phone must be digits and spaces, not {phone!r}")
            phone = None
        return (url.strip() if url else None), phone, None


def _blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _tariff(entry: Any, number: int, problems: list[str]) -> Tariff | None:
    if not isinstance(entry, Mapping):
        problems.append(f"tariff number {number}: must be a set of fields, not {entry!r}")
        return None
    tariff_id = entry.get("id")
    label = f"tariff {tariff_id!r}" if isinstance(tariff_id, str) else f"tariff number {number}"
    check = _Checker(entry, label, problems)
    before = len(problems)
    for field in REQUIRED_FIELDS:
        if _blank(entry.get(field)):
            check.problem(field, "is missing")
    for field in entry:
        if field not in REQUIRED_FIELDS + OPTIONAL_FIELDS:
            check.problem(str(field), "is not a field tariffs have (a typing mistake?)")
    if isinstance(tariff_id, str) and not ID_PATTERN.match(tariff_id):
        check.problem("id", "must be lower-case letters, digits and hyphens")
    provider = check.text("provider")
    if provider and provider_key(provider) in ("", ANOTHER_PROVIDER, NO_PROVIDER):
        check.problem("provider", f"{provider!r} cannot be a provider's name")
    kind = entry.get("kind")
    if kind is not None and kind not in KINDS:
        check.problem("kind", f"must be broadband or mobile, not {kind!r}")
    url, phone, apply_text = check.how_to_apply() if "how_to_apply" in entry else (None,) * 3
    tariff = Tariff(
        id=str(tariff_id),
        provider=provider or "",
        name=check.text("name") or "",
        kind=str(kind),
        benefits=check.benefits() if "benefits" in entry else frozenset(),
        monthly_price=check.price(),
        speed_mbps=check.whole_number("speed_mbps"),
        data=check.text("data"),
        contract_months=check.whole_number("contract_months"),
        no_exit_fee_to_switch=check.flag("no_exit_fee_to_switch", False),
        apply_url=url,
        apply_phone=phone,
        apply_text=apply_text,
        # Unless the file says the details are confirmed, residents are told to check.
        check_before_use=check.flag("check_before_use", True),
        notes=check.text("notes"),
        also_for=check.names("also_for"),
    )
    return tariff if len(problems) == before else None


def _date(value: Any, problems: list[str]) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"last_checked: must be a date like 2026-11-20, not {value!r}")
        return date.min


def parse_tariffs(document: Any) -> TariffData:
    """A tariff file's contents (as YAML gives them), checked; TariffDataError if wrong."""
    if not isinstance(document, Mapping):
        raise TariffDataError(["the file must have last_checked, reviewed_by, source, tariffs"])
    problems: list[str] = []
    for field in TOP_LEVEL_FIELDS:
        if _blank(document.get(field)):
            problems.append(f"{field}: is missing")
    for field in document:
        if field not in TOP_LEVEL_FIELDS:
            problems.append(f"{field}: is not a field the file has (a typing mistake?)")
    for field in ("reviewed_by", "source"):
        if document.get(field) is not None and not isinstance(document[field], str):
            problems.append(f"{field}: must be text")
    entries = document.get("tariffs") or []
    if not isinstance(entries, list):
        problems.append("tariffs: must be a list")
        entries = []
    tariffs = [_tariff(entry, number, problems) for number, entry in enumerate(entries, 1)]
    seen: set[str] = set()
    for tariff in tariffs:
        if tariff and tariff.id in seen:
            problems.append(f"tariff {tariff.id!r}, id: is used by another tariff too")
        seen.add(tariff.id if tariff else "")
    last_checked = _date(document.get("last_checked"), problems)
    if problems:
        raise TariffDataError(problems)
    return TariffData(
        tariffs=tuple(t for t in tariffs if t is not None),
        last_checked=last_checked,
        reviewed_by=" ".join(document["reviewed_by"].split()),
        source=" ".join(document["source"].split()),
    )


def load_tariffs(path: Path) -> TariffData:
    """Read and check a tariff file; TariffDataError says what is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TariffDataError([f"cannot read {path}: {error}"]) from error
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TariffDataError([f"not valid YAML: {error}"]) from error
    return parse_tariffs(document)


@lru_cache(maxsize=8)
def _load_once(path: str, modified_ns: int) -> TariffData | TariffDataError:
    """One read per version of a file; a broken version is logged once, not per page."""
    try:
        return load_tariffs(Path(path))
    except TariffDataError as error:
        log.error("social tariff file %s is not usable: %s", path, error)
        return error


def _modified_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1  # missing: _load_once reports it


def tariffs_in_use(path: Path) -> TariffData:
    """The tariffs from `path`, or from the packaged file when `path` is not usable."""
    loaded = _load_once(str(path), _modified_ns(path))
    if isinstance(loaded, TariffData):
        return loaded
    packaged = _load_once(str(PACKAGED_FILE), _modified_ns(PACKAGED_FILE))
    if isinstance(packaged, TariffDataError):
        raise packaged  # a release with a broken packaged file is a bug: fail loudly
    return packaged


def main(argv: list[str] | None = None) -> int:
    """Check a tariff file before it goes live: "OK: N tariffs", or each problem."""
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        print("usage: python -m inclusion.guidance.tariffs FILE", file=sys.stderr)
        return 2
    try:
        data = load_tariffs(Path(arguments[0]))
    except TariffDataError as error:
        print(f"{arguments[0]} cannot be used:")
        for problem in error.problems:
            print(f"  - {problem}")
        return 1
    print(f"OK: {len(data.tariffs)} tariffs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
