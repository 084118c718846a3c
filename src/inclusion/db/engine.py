"""Engine and session set-up shared by the web app, the command line and tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_SECONDS = 30
WRITE_OPTION = "inclusion_writes"


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver the URL names by default."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def build_engine(url: str) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}
        )
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _begin_sqlite(connection) -> None:
    """Say BEGIN ourselves: pysqlite begins lazily and so breaks SAVEPOINT (the recipe in
    SQLAlchemy's SQLite documentation).

    A writing unit of work says BEGIN IMMEDIATE and takes the write lock at once: one
    that read first and wrote later would otherwise fail at once with "database is
    locked" when another wrote in between, instead of waiting its turn. Reading units
    say plain BEGIN: in WAL mode readers never wait for writers.
    """
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _tune_sqlite(dbapi_connection, _record) -> None:
    # WAL lets readers carry on while the importer or a booking writes; foreign keys
    # are off by default in SQLite.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    """An engine and its session factories; the app keeps one in `app.state.db`.

    `write_session_factory` differs only on SQLite, where a writing unit of work takes
    the write lock at BEGIN (see _begin_sqlite). A test passes one factory for both.
    """

    def __init__(self, engine: Engine, session_factory: sessionmaker[Session] | None = None):
        self.engine = engine
        self.session_factory = session_factory or sessionmaker(engine, expire_on_commit=False)
        self.write_session_factory = session_factory or sessionmaker(
            engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(build_engine(url))

    def new_session(self, write: bool) -> Session:
        return (self.write_session_factory if write else self.session_factory)()

    @contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back otherwise."""
        session = self.new_session(write)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def is_ready(self) -> bool:
        try:
            with self.session(write=False) as session:
                session.execute(text("SELECT 1"))
        except Exception:
            return False
        return True
