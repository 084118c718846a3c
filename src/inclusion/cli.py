"""The `inclusion` command: serve, migrate, load demo data, import places and postcodes,
and keep bookings tidy (housekeeping, purge)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from inclusion.db.engine import Database
from inclusion.preflight import settings_or_exit
from inclusion.processes import serve, worker
from inclusion.settings import Settings
from inclusion.transfer.cli import export_command, import_command


def _settings() -> Settings:
    return settings_or_exit()


def _database() -> Database:
    return Database.from_url(_settings().database_url)


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


@click.group()
def main() -> None:
    """Get Online North Tyneside."""


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    from inclusion.db import migrate

    migrate.upgrade(_settings().database_url, revision)
    click.echo(f"Database at {revision}.")


@db.command("check")
def db_check() -> None:
    """Fail when the models and the migrated database disagree."""
    from inclusion.db import migrate

    differences = migrate.differences(_settings().database_url)
    if differences:
        for difference in differences:
            click.echo(f"  {difference}", err=True)
        raise click.ClickException("Models and migrations disagree: write a migration.")
    click.echo("Models and migrations agree.")


@main.group()
def demo() -> None:
    """Demo data."""


@demo.command("load")
@click.option("--quiet", is_flag=True, help="Do not list the facts to check.")
def demo_load(quiet: bool) -> None:
    """Load North Tyneside's libraries and Customer First Centres (safe to repeat)."""
    from inclusion.loans.demo import load_demo_stock
    from inclusion.places.demo import load_demo
    from inclusion.sessions.demo import load_demo_sessions
    from inclusion.staff.demo import load_demo_accounts

    settings = _settings()
    with _database().session() as session:
        summary = load_demo(session)
        sessions = load_demo_sessions(session, _now())
        stock = load_demo_stock(session, _now())
        accounts = load_demo_accounts(session, settings.secret_key, _now())
    click.echo(f"Demo places: {summary.created} created, {summary.updated} updated.")
    click.echo(
        f"Demo sessions (illustrative, not the council's timetable): {sessions.created} "
        f"created ({sessions.series_created} new series), {sessions.already_there} already there."
    )
    click.echo(
        f"Demo lending stock (illustrative): {stock.device_types_created} device types and "
        f"{stock.devices_created} devices created, {stock.data_sims_added} data SIMs added."
    )
    click.echo(f"Demo staff accounts (sign in at {settings.base_url}/staff/sign-in):")
    for account in accounts:
        click.echo(
            f"  {account.role:<14} {account.email}  password: {account.password!r}"
            f"  authenticator key: {account.totp_secret}"
        )
    click.echo("  A current code for any of them: .venv/bin/inclusion users code EMAIL")
    if summary.flagged and not quiet:
        click.echo("Check before use (shown to staff, never to residents):")
        for name, notes in summary.flagged.items():
            click.echo(f"  {name}")
            for note in notes:
                click.echo(f"    - {note}")
        click.echo("  Data SIMs")
        for note in stock.flagged:
            click.echo(f"    - {note}")


def _progress(rows: Iterable[dict[str, str]], total: int, label: str) -> Iterator[dict[str, str]]:
    with click.progressbar(rows, length=total, label=label, file=sys.stderr) as bar:
        yield from bar


def _report(summary) -> None:
    click.echo(f"Loaded {summary.loaded:,} rows; skipped {summary.total_skipped:,}.")
    for reason, count in summary.skipped.most_common():
        click.echo(f"  skipped {count:,}: {reason}")


@main.group()
def places() -> None:
    """Places."""


@places.command("import-libraries")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def places_import_libraries(file: Path) -> None:
    """Import a libraries file in the format of england-libraries-2017.csv."""
    from inclusion.places.importers import count_rows, import_libraries, read_csv

    with file.open(newline="", encoding="utf-8-sig") as handle, _database().session() as session:
        rows = _progress(read_csv(handle), count_rows(file), "Libraries")
        summary = import_libraries(session, rows)
    _report(summary)


@main.group()
def postcodes() -> None:
    """The full-postcode table used for geocoding."""


@postcodes.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Delete every postcode first.")
def postcodes_import(file: Path, replace: bool) -> None:
    """Import an ONS Postcode Directory or NSPL CSV file (columns pcds, lat, long)."""
    from inclusion.places.importers import count_rows, import_postcodes, read_csv

    with file.open(newline="", encoding="utf-8-sig") as handle, _database().session() as session:
        rows = _progress(read_csv(handle), count_rows(file), "Postcodes")
        summary = import_postcodes(session, rows, replace=replace)
    _report(summary)


@main.group()
def users() -> None:
    """Staff accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["library_staff", "officer", "admin"]))
@click.option("--venue", "venues", multiple=True, help="A venue's slug (library staff).")
def users_create(email: str, role: str, venues: tuple[str, ...]) -> None:
    """Create an account and print its one-time set-up link."""
    from inclusion.staff import queries
    from inclusion.staff.models import TokenPurpose
    from inclusion.staff.routes_admin import set_up_link
    from inclusion.staff.signing_in import SET_UP_LINK_LIFETIME
    from inclusion.web.forms import EMAIL_PATTERN

    if not EMAIL_PATTERN.match(email) or len(email) > 254:
        raise click.BadParameter("not an email address", param_hint="--email")
    if role == "library_staff" and not venues:
        raise click.BadParameter("library staff need at least one venue", param_hint="--venue")
    settings = _settings()
    with _database().session() as session:
        if queries.user_by_email(session, email):
            raise click.ClickException(f"There is already an account for {email}.")
        places = queries.places_by_slugs(session, list(venues))
        missing = set(venues) - {p.slug for p in places}
        if missing:
            raise click.BadParameter(f"no venue {', '.join(sorted(missing))}", param_hint="--venue")
        user = queries.create_user(session, email, role, places, _now())
        token = queries.issue_token(
            session, user, TokenPurpose.SET_UP, _now(), SET_UP_LINK_LIFETIME
        )
        queries.record_audit(
            session,
            now=_now(),
            action="staff_user_created",
            actor_id=None,
            target_type="staff_user",
            target_id=user.id,
            details={"role": role, "by": "command line"},
        )
    click.echo(f"Created {role} account for {email}.")
    click.echo("Send them this one-time set-up link (valid for 7 days):")
    click.echo(f"  {set_up_link(settings.base_url, token)}")


@users.command("code")
@click.argument("email")
def users_code(email: str) -> None:
    """Print the current authenticator code of a demo account."""
    from inclusion.staff import queries
    from inclusion.staff.demo import current_code

    with _database().session() as session:
        user = queries.user_by_email(session, email)
        if user is None or not user.is_demo:
            raise click.ClickException("Only demo accounts can show their codes.")
        click.echo(current_code(user, _settings().secret_key, _now()))


@main.command()
def purge() -> None:
    """Anonymise bookings, loan requests and feedback older than their retention periods."""
    from inclusion.housekeeping import (
        anonymise_expired_bookings,
        anonymise_finished_loans,
        erase_feedback_contacts,
    )

    settings = _settings()
    with _database().session() as session:
        bookings = anonymise_expired_bookings(session, settings, _now())
        loans = anonymise_finished_loans(session, settings, _now())
        feedback = erase_feedback_contacts(session, settings, _now())
    click.echo(
        f"Bookings anonymised: {bookings} (personal details are kept for "
        f"{settings.booking_retention_days} days after a session)."
    )
    click.echo(
        f"Loan requests anonymised: {loans} (personal details are kept for "
        f"{settings.loan_retention_days} days after a loan ends)."
    )
    click.echo(
        f"Feedback contact details deleted: {feedback} (kept for "
        f"{settings.feedback_retention_months} months after an item is closed)."
    )


@main.command()
@click.option("--once", is_flag=True, help="Run each job once, then stop.")
@click.option(
    "--interval",
    type=click.IntRange(min=1),
    default=60,
    show_default=True,
    help="Seconds between passes.",
)
def housekeeping(once: bool, interval: int) -> None:
    """Expire offers, send reminders, anonymise old bookings and loans (stop with Ctrl+C)."""
    import logging
    import signal
    import threading

    from inclusion.housekeeping import JOBS, run_housekeeping, run_loop

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = _settings()
    db = _database()
    try:
        if once:
            results = run_housekeeping(db, settings, _now())
            for name, _job in JOBS:
                label = name.replace("_", " ").capitalize()
                click.echo(f"{label}: {results.get(name, 'failed (see the log)')}")
            if len(results) < len(JOBS):
                # A non-zero exit, so that a scheduler running --once notices.
                raise click.ClickException("A housekeeping job failed.")
            return
        stop_event = threading.Event()
        # Let a pass finish rather than stop mid-transaction: SIGTERM is how a
        # deployment stops a process.
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signal_number, lambda *_: stop_event.set())
        run_loop(db, settings, stop_event, interval)
    finally:
        db.engine.dispose()


main.add_command(serve)
main.add_command(worker)
main.add_command(export_command)
main.add_command(import_command)
