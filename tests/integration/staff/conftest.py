from __future__ import annotations

import pytest

from tests.factories.staff import make_staff


@pytest.fixture
def librarian(db_session, settings, clock):
    staff = make_staff(db_session, settings.secret_key, clock(), "library_staff")
    db_session.commit()
    return staff


@pytest.fixture
def officer(db_session, settings, clock):
    staff = make_staff(db_session, settings.secret_key, clock(), "officer")
    db_session.commit()
    return staff


@pytest.fixture
def admin(db_session, settings, clock):
    staff = make_staff(db_session, settings.secret_key, clock(), "admin")
    db_session.commit()
    return staff
