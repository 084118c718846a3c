"""The declarative base every feature's tables derive from."""

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names let Alembic drop or alter constraints on every engine.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def all_models() -> None:
    """Import every feature's models so that `Base.metadata` knows all tables."""
    from inclusion.feedback import models as feedback_models  # noqa: F401
    from inclusion.insights import models as insights_models  # noqa: F401
    from inclusion.loans import models as loans_models  # noqa: F401
    from inclusion.notify import models as notify_models  # noqa: F401
    from inclusion.places import models  # noqa: F401
    from inclusion.sessions import models as sessions_models  # noqa: F401
    from inclusion.staff import models as staff_models  # noqa: F401
