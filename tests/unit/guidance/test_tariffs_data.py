"""The tariff file staff keep: every field checked, problems named, a broken replacement
never used, and the command that checks a file before it goes live."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from copy import deepcopy
from datetime import date
from decimal import Decimal

import pytest
import yaml

from inclusion.guidance.tariffs import (
    PACKAGED_FILE,
    TariffDataError,
    load_tariffs,
    main,
    parse_tariffs,
    tariffs_in_use,
)
from inclusion.settings import PROJECT_ROOT, Settings

GOOD_TARIFF = {
    "id": "example-fibre",
    "provider": "Example",
    "name": "Example Fibre",
    "kind": "broadband",
    "monthly_price": 12.5,
    "speed_mbps": 36,
    "contract_months": 12,
    "benefits": ["universal_credit", "pip"],
    "how_to_apply": {"url": "https://example.org/social", "phone": "0800 123 456"},
    "check_before_use": False,
    "notes": "A made-up tariff.",
}
GOOD_FILE = {
    "last_checked": date(2026, 11, 20),
    "reviewed_by": "A reviewer",
    "source": "A source",
    "tariffs": [GOOD_TARIFF],
}


def _with(**changes) -> dict:
    document = deepcopy(GOOD_FILE)
    document["tariffs"][0].update(changes)
    return document


def _without(field: str) -> dict:
    document = deepcopy(GOOD_FILE)
    del document["tariffs"][0][field]
    return document


def test_the_packaged_file_passes_its_own_check():
    data = load_tariffs(PACKAGED_FILE)
    assert 12 <= len(data.tariffs) <= 15
    assert data.last_checked == date(2026, 11, 20)
    assert data.reviewed_by and data.source
    assert Settings().tariffs_file.resolve() == PACKAGED_FILE.resolve()


def test_the_packaged_file_only_links_to_what_the_facts_give():
    """No made-up phone numbers: how to apply is a provider's own site, or "ask"."""
    data = load_tariffs(PACKAGED_FILE)
    assert all(t.apply_phone is None for t in data.tariffs)
    assert {t.apply_url for t in data.tariffs} == {
        None,
        "https://countybroadband.co.uk",
        "https://grainconnect.com",
    }


def test_a_good_entry_is_read_as_typed():
    [tariff] = parse_tariffs(GOOD_FILE).tariffs
    assert tariff.monthly_price == Decimal("12.50")
    assert tariff.benefits == {"universal_credit", "pip"}
    assert (tariff.apply_url, tariff.apply_phone) == ("https://example.org/social", "0800 123 456")
    assert tariff.apply_text is None and tariff.no_exit_fee_to_switch is False


def test_unconfirmed_unless_the_file_says_otherwise():
    [tariff] = parse_tariffs(_without("check_before_use")).tariffs
    assert tariff.check_before_use is True


def test_ask_the_provider_is_not_repeated_as_data_text():
    ask = parse_tariffs(_with(how_to_apply="Ask the provider for its social tariff.")).tariffs
    assert ask[0].apply_text is None
    other = parse_tariffs(_with(how_to_apply="Ask at any O2 store")).tariffs
    assert other[0].apply_text == "Ask at any O2 store"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (_with(benefits=["universal_credit", "uc"]), "tariff 'example-fibre', benefits: unknown"),
        (_with(benefits=[]), "tariff 'example-fibre', benefits: must list at least one"),
        (_with(benefits=["pip", "pip"]), "benefits: lists a benefit twice"),
        (_with(monthly_price=-5), "tariff 'example-fibre', monthly_price: must be 0 or more"),
        (_with(monthly_price="cheap"), "monthly_price: must be a number of pounds"),
        (_with(monthly_price=True), "monthly_price: must be a number of pounds"),
        (_with(monthly_price=12.345), "monthly_price: must be in pounds and pence"),
        (_with(monthly_price=float("nan")), "monthly_price: must be 0 or more"),
        (_with(monthly_price=5000), "monthly_price: must be £200 or less"),
        (_without("provider"), "tariff 'example-fibre', provider: is missing"),
        (_with(provider="   "), "tariff 'example-fibre', provider: is missing"),
        (_with(provider="No"), "provider: 'No' cannot be a provider's name"),
        (_with(provider=42), "provider: must be text"),
        (_without("id"), "tariff number 1, id: is missing"),
        (_with(id="Example Fibre"), "id: must be lower-case letters"),
        (_with(kind="satellite"), "kind: must be broadband or mobile"),
        (_with(speed_mbps=0), "speed_mbps: must be a whole number above 0"),
        (_with(speed_mbps="fast"), "speed_mbps: must be a whole number above 0"),
        (_with(contract_months=1.5), "contract_months: must be a whole number above 0"),
        (_with(check_before_use="yes"), "check_before_use: must be true or false"),
        (_with(how_to_apply={}), "how_to_apply: must give a url and/or a phone number"),
        (_with(how_to_apply={"url": "http://example.org"}), "url must start with https://"),
        (_with(how_to_apply={"phone": "call us"}), "phone must be digits and spaces"),
        (_with(how_to_apply={"url": "https://x.org", "web": "y"}), "unknown field 'web'"),
        (_with(monthy_price=10), "monthy_price: is not a field tariffs have"),
        (_with(notes="x" * 501), "notes: must be 500 characters or fewer"),
        (_with(also_for="EE"), "also_for: must be a list of provider names"),
        ({**GOOD_FILE, "tariffs": [GOOD_TARIFF, GOOD_TARIFF]}, "id: is used by another"),
        ({**GOOD_FILE, "tariffs": ["just text"]}, "tariff number 1: must be a set of fields"),
        ({**GOOD_FILE, "tariffs": []}, "tariffs: is missing"),
        ({**GOOD_FILE, "last_checked": "last week"}, "last_checked: must be a date"),
        ({**GOOD_FILE, "reviewed_by": None}, "reviewed_by: is missing"),
        ({**GOOD_FILE, "colour": "red"}, "colour: is not a field the file has"),
        (["a list"], "the file must have last_checked"),
    ],
)
def test_each_problem_names_the_tariff_and_field(document, expected):
    with pytest.raises(TariffDataError) as raised:
        parse_tariffs(document)
    assert any(expected in problem for problem in raised.value.problems), raised.value.problems


def test_every_problem_is_reported_at_once():
    document = _with(monthly_price=-1, benefits=["uc"], kind="cable")
    with pytest.raises(TariffDataError) as raised:
        parse_tariffs(document)
    assert len(raised.value.problems) == 3


def test_a_file_that_is_not_yaml_or_not_there(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("tariffs: [unclosed\n", encoding="utf-8")
    with pytest.raises(TariffDataError, match="not valid YAML"):
        load_tariffs(broken)
    with pytest.raises(TariffDataError, match="cannot read"):
        load_tariffs(tmp_path / "missing.yaml")


def _write(path, document) -> None:
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def _touch_later(path, seconds: int) -> None:
    """A new modification time, however fast the test writes."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def test_a_broken_replacement_is_logged_and_the_packaged_file_used(tmp_path, caplog):
    replacement = tmp_path / "tariffs.yaml"
    _write(replacement, _with(monthly_price=-5))
    with caplog.at_level(logging.ERROR, logger="inclusion.guidance.tariffs"):
        data = tariffs_in_use(replacement)
        again = tariffs_in_use(replacement)
    assert data == again == load_tariffs(PACKAGED_FILE)
    [logged] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "monthly_price: must be 0 or more" in logged.getMessage()  # logged once, not per page


def test_a_missing_replacement_falls_back_too(tmp_path, caplog):
    with caplog.at_level(logging.ERROR, logger="inclusion.guidance.tariffs"):
        data = tariffs_in_use(tmp_path / "not-there.yaml")
    assert data == load_tariffs(PACKAGED_FILE)
    assert "cannot read" in caplog.text


def test_a_fixed_replacement_is_used_as_soon_as_it_changes(tmp_path):
    replacement = tmp_path / "tariffs.yaml"
    _write(replacement, _with(monthly_price=-5))
    assert tariffs_in_use(replacement) == load_tariffs(PACKAGED_FILE)
    _write(replacement, GOOD_FILE)
    _touch_later(replacement, 1)
    assert [t.id for t in tariffs_in_use(replacement).tariffs] == ["example-fibre"]
    _write(replacement, _with(name="Renamed"))
    _touch_later(replacement, 2)
    assert tariffs_in_use(replacement).tariffs[0].name == "Renamed"


def test_the_check_command_says_ok_or_what_is_wrong(tmp_path, capsys):
    assert main([str(PACKAGED_FILE)]) == 0
    assert capsys.readouterr().out.strip() == "OK: 14 tariffs"
    broken = tmp_path / "broken.yaml"
    _write(broken, _with(monthly_price=-5, benefits=["uc"]))
    assert main([str(broken)]) == 1
    out = capsys.readouterr().out
    assert "tariff 'example-fibre', monthly_price: must be 0 or more" in out
    assert "tariff 'example-fibre', benefits: unknown benefit 'uc'" in out
    assert main([]) == 2


def test_the_check_command_runs_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "inclusion.guidance.tariffs", str(PACKAGED_FILE)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "OK: 14 tariffs")
