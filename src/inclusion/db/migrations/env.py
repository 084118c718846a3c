"""Alembic environment: migrations run against the URL the caller configured."""

from alembic import context

from inclusion.db.base import Base, all_models
from inclusion.db.engine import build_engine
from inclusion.db.types import AwareDateTime

all_models()
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    """Write the project's column types as the plain SQLAlchemy types they store as,
    so migrations never import application code."""
    if type_ == "type" and isinstance(obj, AwareDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    engine = build_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_type=True,
            render_item=render_item,
            # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
