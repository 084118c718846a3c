"""Alembic environment: migrations run against the URL the caller configured."""

from alembic import context

from inclusion.db.base import Base, all_models
from inclusion.db.engine import build_engine

all_models()
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = build_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_type=True,
            # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
