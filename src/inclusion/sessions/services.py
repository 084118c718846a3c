"""Booking rules that span several steps: places, the waiting list, offers, messages.

Every change to `SkillSession.booked` goes through queries.take_place/release_place.
A place freed while people wait is not released: it is held as an offer for the first
of them, so a newcomer cannot take it from under someone who has waited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from inclusion.notify.outbox import enqueue
from inclusion.sessions import queries
from inclusion.sessions.models import (
    Booking,
    BookingStatus,
    ContactMethod,
    SessionStatus,
    SkillSession,
)
from inclusion.sessions.references import Links, format_reference, new_reference

OFFER_TIME = timedelta(hours=24)
# An offer always leaves this long before the session to get there.
OFFER_CUTOFF_BEFORE_START = timedelta(hours=2)
REMINDER_AHEAD = timedelta(hours=24)
RETENTION = timedelta(days=365)


@dataclass(frozen=True)
class Details:
    """What a resident (or staff for them) told us; no email or phone is required."""

    name: str
    contact_method: str
    email: str | None = None
    phone: str | None = None
    access_needs: str | None = None
    locale: str = "en"


class SessionFull(Exception):
    """No place left: the person may join the waiting list instead."""


class NotBookable(Exception):
    """The session is cancelled or has started."""


def _new_booking(
    session: Session,
    skill_session: SkillSession,
    details: Details,
    status: str,
    now: datetime,
    group_reference: str | None,
    staff_id: int | None,
) -> Booking:
    booking = Booking(
        reference=new_reference(),
        group_reference=group_reference,
        session=skill_session,
        status=status,
        name=details.name,
        contact_method=details.contact_method,
        email=details.email if details.contact_method == ContactMethod.EMAIL else None,
        phone=details.phone
        if details.contact_method in (ContactMethod.SMS, ContactMethod.PHONE)
        else None,
        access_needs=details.access_needs or None,
        locale=details.locale,
        created_at=now,
        booked_by_staff_id=staff_id,
    )
    session.add(booking)
    session.flush()
    return booking


def book(
    session: Session,
    skill_session: SkillSession,
    details: Details,
    now: datetime,
    links: Links,
    group_reference: str | None = None,
    staff_id: int | None = None,
) -> Booking:
    """Take a place and confirm it, or raise SessionFull / NotBookable."""
    if skill_session.is_cancelled or skill_session.starts_at <= now:
        raise NotBookable()
    if not queries.take_place(session, skill_session.id, now):
        raise SessionFull()
    booking = _new_booking(
        session, skill_session, details, BookingStatus.CONFIRMED, now, group_reference, staff_id
    )
    if skill_session.starts_at - now <= REMINDER_AHEAD:
        booking.reminded_at = now  # the confirmation, just sent, is reminder enough
    _tell(session, links, booking, "booking_confirmed")
    return booking


def join_waiting_list(
    session: Session,
    skill_session: SkillSession,
    details: Details,
    now: datetime,
    links: Links,
    staff_id: int | None = None,
) -> Booking:
    if skill_session.is_cancelled or skill_session.starts_at <= now:
        raise NotBookable()
    booking = _new_booking(
        session, skill_session, details, BookingStatus.WAITING, now, None, staff_id
    )
    _tell(session, links, booking, "waiting_list_joined")
    return booking


def cancel(session: Session, links: Links, booking: Booking, now: datetime) -> None:
    """The resident (or staff for them) gives up a place or leaves the waiting list."""
    if booking.status not in (
        BookingStatus.CONFIRMED,
        BookingStatus.OFFERED,
        BookingStatus.WAITING,
    ):
        return
    held = booking.holds_a_place
    # Conditional, so a double click (or a cancel racing an offer's expiry) gives the
    # place back once.
    if not queries.change_status(
        session,
        booking.id,
        booking.status,
        BookingStatus.CANCELLED,
        cancelled_at=now,
        offer_expires_at=None,
    ):
        return
    session.refresh(booking)
    if held:
        pass_place_on(session, links, booking.session, now)


def pass_place_on(
    session: Session, links: Links, skill_session: SkillSession, now: datetime
) -> None:
    """A held place is free: offer it to the first person waiting, or release it."""
    latest_offer_end = skill_session.starts_at - OFFER_CUTOFF_BEFORE_START
    waiting = queries.first_waiting(session, skill_session.id) if now < latest_offer_end else None
    if waiting is None:
        queries.release_place(session, skill_session.id)
        return
    waiting.status = BookingStatus.OFFERED
    waiting.offer_expires_at = min(now + OFFER_TIME, latest_offer_end)
    session.flush()
    _tell(session, links, waiting, "waiting_list_offer", expires_at=waiting.offer_expires_at)


def confirm_from_waiting_list(
    db_session: Session, links: Links, booking: Booking, now: datetime
) -> bool:
    """Give someone waiting a free place at once, as staff do with them at the desk or
    on the phone, and tell them; False when no place is free.

    The place is taken first; if another member of staff confirmed the same person a
    moment before, it is given back, so one person never holds two places.
    """
    if not queries.take_place(db_session, booking.session_id, now):
        return False
    soon = booking.session.starts_at - now <= REMINDER_AHEAD
    confirmed = queries.change_status(
        db_session,
        booking.id,
        BookingStatus.WAITING,
        BookingStatus.CONFIRMED,
        # As for any booking made this close: the confirmation is reminder enough.
        **({"reminded_at": now} if soon else {}),
    )
    if not confirmed:
        queries.release_place(db_session, booking.session_id)
        return True
    db_session.refresh(booking)
    _tell(db_session, links, booking, "booking_confirmed")
    return True


def accept_offer(session: Session, booking: Booking, now: datetime) -> bool:
    if booking.status != BookingStatus.OFFERED or booking.offer_expires_at <= now:
        return False
    accepted = queries.change_status(
        session, booking.id, BookingStatus.OFFERED, BookingStatus.CONFIRMED, offer_expires_at=None
    )
    session.refresh(booking)
    return accepted


def expire_offers(session: Session, links: Links, now: datetime) -> int:
    """Offers nobody answered in time pass to the next person waiting."""
    expired = 0
    for booking in queries.expired_offers(session, now):
        if queries.change_status(
            session,
            booking.id,
            BookingStatus.OFFERED,
            BookingStatus.EXPIRED,
            offer_expires_at=None,
        ):
            expired += 1
            session.refresh(booking)
            pass_place_on(session, links, booking.session, now)
    return expired


def move(
    session: Session, links: Links, booking: Booking, target: SkillSession, now: datetime
) -> Booking:
    """Move a confirmed booking to another date of the same series.

    The old booking is claimed first (so a second press of the button finds nothing to
    move), then the new place is taken; if that fails the old booking is restored
    untouched, its place never having been let go."""
    if target.series_id is None or target.series_id != booking.session.series_id:
        raise NotBookable()
    if not queries.change_status(
        session, booking.id, BookingStatus.CONFIRMED, BookingStatus.CANCELLED, cancelled_at=now
    ):
        raise NotBookable()
    details = Details(
        booking.name or "",
        booking.contact_method,
        booking.email,
        booking.phone,
        booking.access_needs,
        booking.locale,
    )
    try:
        moved = book(session, target, details, now, links, booking.group_reference)
    except (SessionFull, NotBookable):
        queries.change_status(
            session,
            booking.id,
            BookingStatus.CANCELLED,
            BookingStatus.CONFIRMED,
            cancelled_at=None,
        )
        session.refresh(booking)
        raise
    session.refresh(booking)
    pass_place_on(session, links, booking.session, now)
    return moved


def fill_from_waiting_list(
    session: Session, links: Links, skill_session: SkillSession, now: datetime
) -> int:
    """Offer every free place to the people waiting, first come first served; used when
    staff add places. Returns how many offers were made."""
    offers = 0
    while queries.first_waiting(session, skill_session.id) is not None:
        if not queries.take_place(session, skill_session.id, now):
            break
        pass_place_on(session, links, skill_session, now)
        offers += 1
    return offers


def cancel_session(
    session: Session, links: Links, skill_session: SkillSession, reason: str, now: datetime
) -> None:
    """Staff cancel a date: everyone booked, offered or waiting is told."""
    skill_session.status = SessionStatus.CANCELLED
    skill_session.cancelled_reason = reason
    for booking in queries.active_bookings(session, skill_session.id):
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        _tell(session, links, booking, "session_cancelled", reason=reason)
    skill_session.booked = 0
    session.flush()


def send_reminders(session: Session, links: Links, now: datetime) -> int:
    due = queries.due_reminders(session, now, now + REMINDER_AHEAD)
    for booking in due:
        booking.reminded_at = now
        _tell(session, links, booking, "booking_reminder")
    return len(due)


def anonymise_old_bookings(session: Session, now: datetime, retention=RETENTION) -> int:
    """Empty the personal details of bookings for sessions that ended `retention` ago;
    status and attendance stay, for the impact figures."""
    old = queries.bookings_to_anonymise(session, now - retention)
    for booking in old:
        booking.name = None
        booking.email = None
        booking.phone = None
        booking.access_needs = None
        booking.anonymised_at = now
    return len(old)


def _tell(session: Session, links: Links, booking: Booking, template: str, **context) -> None:
    """A message by the channel the person chose; none for phone or no contact."""
    if booking.contact_method == ContactMethod.EMAIL and booking.email:
        channel, recipient = "email", booking.email
    elif booking.contact_method == ContactMethod.SMS and booking.phone:
        channel, recipient = "sms", booking.phone
    else:
        return
    skill_session = booking.session
    enqueue(
        session,
        channel=channel,
        recipient=recipient,
        template=template,
        locale=booking.locale,
        context={
            "name": booking.name,
            "reference": format_reference(booking.reference),
            "title": skill_session.title,
            "starts_at": skill_session.starts_at,
            "ends_at": skill_session.ends_at,
            "place": skill_session.place.name,
            "address": skill_session.place.address_line,
            "manage_url": links.manage(booking.reference),
            **context,
        },
    )
