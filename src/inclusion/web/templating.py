"""The Jinja environment: our templates, GOV.UK Frontend's macros, translations, filters."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from inclusion.i18n import formatting
from inclusion.i18n.translations import install_in
from inclusion.web.static_files import static_url


def build_environment(templates_dir: Path, static_dir: Path) -> Environment:
    environment = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(templates_dir),
                PrefixLoader(
                    {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
                ),
            ]
        ),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install_in(environment)
    environment.filters.update(
        time_of_day=formatting.format_time_of_day,
        day=formatting.format_day,
        full_date=formatting.format_full_date,
        weekday=formatting.format_weekday,
        miles=formatting.format_miles,
        number=formatting.format_number,
    )
    environment.globals["static_url"] = partial(static_url, static_dir)
    return environment
