"""Reads and writes for staff accounts, tokens, venues and the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from inclusion.i18n.formatting import LONDON
from inclusion.places.demo_venues import ORGANISATION
from inclusion.places.models import Closure, OpeningHours, Organisation, Place, PlaceService
from inclusion.staff.models import AuditEvent, RecoveryCode, Role, StaffToken, StaffUser
from inclusion.staff.tokens import new_token, token_hash

AUDIT_PAGE_SIZE = 50
COUNCIL_ORGANISATION = ORGANISATION["slug"]


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(session: Session, email: str) -> StaffUser | None:
    return session.scalars(
        select(StaffUser).where(StaffUser.email == normalise_email(email))
    ).first()


def user_by_id(session: Session, user_id: int) -> StaffUser | None:
    return session.scalars(
        select(StaffUser).where(StaffUser.id == user_id).options(selectinload(StaffUser.venues))
    ).first()


def all_users(session: Session) -> Sequence[StaffUser]:
    return session.scalars(
        select(StaffUser).options(selectinload(StaffUser.venues)).order_by(StaffUser.email)
    ).all()


def create_user(
    session: Session, email: str, role: str, venues: Sequence[Place], now: datetime
) -> StaffUser:
    user = StaffUser(email=normalise_email(email), role=role, created_at=now, venues=list(venues))
    session.add(user)
    session.flush()
    return user


def issue_token(
    session: Session, user: StaffUser, purpose: str, now: datetime, lifetime: timedelta
) -> str:
    """A new link token; earlier unused ones for the same purpose stop working."""
    for old in session.scalars(
        select(StaffToken).where(
            StaffToken.user_id == user.id,
            StaffToken.purpose == purpose,
            StaffToken.used_at.is_(None),
        )
    ):
        old.used_at = now
    token, hashed = new_token()
    session.add(
        StaffToken(user=user, purpose=purpose, token_hash=hashed, expires_at=now + lifetime)
    )
    session.flush()
    return token


def usable_token(session: Session, token: str, purpose: str, now: datetime) -> StaffToken | None:
    if not token or len(token) > 100:
        return None
    found = session.scalars(
        select(StaffToken).where(
            StaffToken.token_hash == token_hash(token), StaffToken.purpose == purpose
        )
    ).first()
    if found is None or found.used_at is not None or found.expires_at <= now:
        return None
    if not found.user.is_active:
        return None
    return found


def unused_recovery_code(session: Session, user: StaffUser, code_hash: str) -> RecoveryCode | None:
    return session.scalars(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == code_hash,
            RecoveryCode.used_at.is_(None),
        )
    ).first()


def replace_recovery_codes(session: Session, user: StaffUser, hashes: Sequence[str]) -> None:
    user.recovery_codes = [RecoveryCode(code_hash=h) for h in hashes]
    session.flush()


def remaining_recovery_codes(session: Session, user: StaffUser) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


def record_audit(
    session: Session,
    *,
    now: datetime,
    action: str,
    actor_id: int | None,
    target_type: str | None = None,
    target_id: object = None,
    details: dict | None = None,
    ip_address: str | None = None,
) -> None:
    session.add(
        AuditEvent(
            at=now,
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=None if target_id is None else str(target_id),
            details=details or {},
            ip_address=ip_address,
        )
    )


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor_email: str = ""
    from_date: date | None = None
    to_date: date | None = None
    page: int = 1


def audit_events(session: Session, audit_filter: AuditFilter) -> tuple[Sequence[AuditEvent], int]:
    """One page of audit events, newest first, and how many match in all."""
    query = select(AuditEvent)
    if audit_filter.action:
        query = query.where(AuditEvent.action == audit_filter.action)
    if audit_filter.actor_email:
        query = query.join(StaffUser, AuditEvent.actor_id == StaffUser.id).where(
            StaffUser.email == normalise_email(audit_filter.actor_email)
        )
    # Days are London days, whatever the engine stores.
    if audit_filter.from_date:
        query = query.where(
            AuditEvent.at >= datetime.combine(audit_filter.from_date, time.min, tzinfo=LONDON)
        )
    if audit_filter.to_date:
        next_day = audit_filter.to_date + timedelta(days=1)
        query = query.where(AuditEvent.at < datetime.combine(next_day, time.min, tzinfo=LONDON))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    events = session.scalars(
        query.options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(AUDIT_PAGE_SIZE)
        .offset((audit_filter.page - 1) * AUDIT_PAGE_SIZE)
    ).all()
    return events, total


def audit_actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def venues_for(session: Session, user: StaffUser) -> Sequence[Place]:
    """The council's venues this person may see: their own, or all for officers and admins."""
    query = (
        select(Place)
        .join(Organisation)
        .where(Organisation.slug == COUNCIL_ORGANISATION)
        .order_by(Place.name)
    )
    if user.role == Role.LIBRARY_STAFF:
        query = query.where(Place.id.in_(user.venue_ids or {-1}))
    return session.scalars(query).all()


def venue_by_slug(session: Session, slug: str) -> Place | None:
    return session.scalars(
        select(Place)
        .where(Place.slug == slug)
        .options(
            selectinload(Place.opening_hours),
            selectinload(Place.closures),
            selectinload(Place.services),
        )
    ).first()


def places_by_slugs(session: Session, slugs: Sequence[str]) -> list[Place]:
    return list(session.scalars(select(Place).where(Place.slug.in_(slugs))))


def replace_opening_hours(
    session: Session, place: Place, periods: Sequence[tuple[int, time, time]]
) -> None:
    place.opening_hours.clear()
    session.flush()
    place.opening_hours.extend(
        OpeningHours(weekday=weekday, opens_at=opens, closes_at=closes)
        for weekday, opens, closes in periods
    )


def add_closure(
    session: Session, place: Place, starts_on: date, ends_on: date | None, reason: str
) -> Closure:
    closure = Closure(starts_on=starts_on, ends_on=ends_on, reason=reason)
    place.closures.append(closure)
    session.flush()
    return closure


def remove_closure(session: Session, place: Place, closure_id: int) -> bool:
    closure = next((c for c in place.closures if c.id == closure_id), None)
    if closure is None:
        return False
    place.closures.remove(closure)
    session.flush()
    return True


def wifi_service(session: Session, place: Place) -> PlaceService:
    service = next((s for s in place.services if s.kind == "wifi"), None)
    if service is None:
        service = PlaceService(kind="wifi")
        place.services.append(service)
    return service
