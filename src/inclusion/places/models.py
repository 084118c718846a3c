"""Tables for places, shaped after Open Referral UK so they can be published as is.

organisation -> place (an Open Referral "location") -> place_service (a "service at
location": free Wi-Fi, public PCs, ...), with weekly opening hours ("schedule") and
closures. Postcodes hold the full-postcode geocoding table imported from ONS files.
"""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inclusion.db.base import Base


class PlaceKind(StrEnum):
    CUSTOMER_FIRST_CENTRE = "customer_first_centre"
    LIBRARY = "library"
    COMMUNITY_CENTRE = "community_centre"


class Need(StrEnum):
    """What a resident can ask the finder for; each is a service a place may offer."""

    WIFI = "wifi"
    PUBLIC_PCS = "public_pcs"
    DIGITAL_HELP = "digital_help"
    DEVICE_LENDING = "device_lending"
    DATA_SIMS = "data_sims"
    PRINTING = "printing"


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))

    places: Mapped[list[Place]] = relationship(back_populates="organisation")


class Place(Base):
    __tablename__ = "places"
    __table_args__ = (
        # The finder's bounding-box prefilter reads this index, never the whole table.
        Index("ix_places_latitude_longitude", "latitude", "longitude"),
        UniqueConstraint("source", "external_id", name="uq_places_source_external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str] = mapped_column(String(300))
    town: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(8))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    url: Mapped[str | None] = mapped_column(String(300))
    # None means "not known yet": the page says so rather than guessing.
    step_free: Mapped[bool | None] = mapped_column(Boolean)
    accessible_toilet: Mapped[bool | None] = mapped_column(Boolean)
    changing_places: Mapped[bool | None] = mapped_column(Boolean)
    hearing_loop: Mapped[bool | None] = mapped_column(Boolean)
    accessibility_notes: Mapped[str | None] = mapped_column(Text)
    opens_on_bank_holidays: Mapped[bool] = mapped_column(Boolean, default=False)
    # Staff set this when the Wi-Fi is down; the finder and place page say so that day.
    wifi_out_of_order_on: Mapped[date | None] = mapped_column(Date)
    # Facts not yet confirmed, in plain English; shown to staff, never to residents.
    check_before_use: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Where the row came from ("demo", "libraries-2017", ...) and its id there, so a
    # re-import updates rather than duplicates.
    source: Mapped[str] = mapped_column(String(40), default="demo")
    external_id: Mapped[str | None] = mapped_column(String(100))

    organisation: Mapped[Organisation] = relationship(back_populates="places")
    services: Mapped[list[PlaceService]] = relationship(
        back_populates="place", cascade="all, delete-orphan", order_by="PlaceService.kind"
    )
    opening_hours: Mapped[list[OpeningHours]] = relationship(
        back_populates="place",
        cascade="all, delete-orphan",
        order_by="(OpeningHours.weekday, OpeningHours.opens_at)",
    )
    closures: Mapped[list[Closure]] = relationship(
        back_populates="place", cascade="all, delete-orphan", order_by="Closure.starts_on"
    )

    @property
    def address_line(self) -> str:
        """The address on one line, leaving out parts that are not known."""
        return ", ".join(part for part in (self.address, self.town, self.postcode) if part)

    def service(self, need: Need) -> PlaceService | None:
        return next((s for s in self.services if s.kind == need), None)

    def wifi_out_of_order(self, today: date) -> bool:
        return self.wifi_out_of_order_on == today

    @property
    def needs(self) -> set[Need]:
        return {Need(s.kind) for s in self.services}


class PlaceService(Base):
    """A service at a place; the Wi-Fi and PC columns apply only to those kinds."""

    __tablename__ = "place_services"
    __table_args__ = (
        UniqueConstraint("place_id", "kind", name="uq_place_services_place_id_kind"),
        Index("ix_place_services_kind_place_id", "kind", "place_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    wifi_network_name: Mapped[str | None] = mapped_column(String(100))
    wifi_time_limit_minutes: Mapped[int | None] = mapped_column(Integer)
    pc_count: Mapped[int | None] = mapped_column(Integer)

    place: Mapped[Place] = relationship(back_populates="services")


class OpeningHours(Base):
    """One opening period on a weekday (0 = Monday); a lunch break makes two rows.

    A period whose closing time is not after its opening time runs past midnight.
    """

    __tablename__ = "opening_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)

    place: Mapped[Place] = relationship(back_populates="opening_hours")


class Closure(Base):
    """Whole days a place is shut; `ends_on` None means until further notice."""

    __tablename__ = "closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(300))

    place: Mapped[Place] = relationship(back_populates="closures")

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Postcode(Base):
    """A full UK postcode and its centre, imported from the ONS Postcode Directory."""

    __tablename__ = "postcodes"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
