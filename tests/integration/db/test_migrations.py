"""Migrations build the schema the models describe, and can be undone."""

from __future__ import annotations

import pytest

from inclusion.db import migrate


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    return request.getfixturevalue("postgresql_url")


def test_upgrade_head_matches_the_models_and_downgrade_round_trips(empty_database_url):
    migrate.upgrade(empty_database_url)
    assert migrate.differences(empty_database_url) == []
    migrate.downgrade(empty_database_url, "base")
    migrate.upgrade(empty_database_url)
    assert migrate.differences(empty_database_url) == []
