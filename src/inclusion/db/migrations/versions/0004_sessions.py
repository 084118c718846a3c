"""skills sessions, series and bookings

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("frequency", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_session_series_place_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_series")),
    )
    with op.batch_alter_table("session_series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_series_place_id"), ["place_id"], unique=False)

    op.create_table(
        "skill_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("topic", sa.String(length=30), nullable=False),
        sa.Column("level", sa.String(length=30), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("what_to_bring", sa.Text(), nullable=True),
        sa.Column("accessibility_notes", sa.Text(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cancelled_reason", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "booked >= 0 AND booked <= capacity",
            name=op.f("ck_skill_sessions_booked_within_capacity"),
        ),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_skill_sessions_capacity_positive")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_skill_sessions_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_skill_sessions_place_id_places")
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["session_series.id"],
            name=op.f("fk_skill_sessions_series_id_session_series"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_sessions")),
    )
    with op.batch_alter_table("skill_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skill_sessions_place_id"), ["place_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_skill_sessions_series_id"), ["series_id"], unique=False
        )
        batch_op.create_index("ix_skill_sessions_starts_at", ["starts_at"], unique=False)

    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("group_reference", sa.String(length=12), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("contact_method", sa.String(length=10), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("access_needs", sa.Text(), nullable=True),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attendance", sa.String(length=20), nullable=True),
        sa.Column("booked_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["booked_by_staff_id"],
            ["staff_users.id"],
            name=op.f("fk_bookings_booked_by_staff_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["skill_sessions.id"],
            name=op.f("fk_bookings_session_id_skill_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
        sa.UniqueConstraint("reference", name=op.f("uq_bookings_reference")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bookings_group_reference"), ["group_reference"], unique=False
        )
        batch_op.create_index(
            "ix_bookings_session_status", ["session_id", "status", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index("ix_bookings_session_status")
        batch_op.drop_index(batch_op.f("ix_bookings_group_reference"))

    op.drop_table("bookings")
    with op.batch_alter_table("skill_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_skill_sessions_starts_at")
        batch_op.drop_index(batch_op.f("ix_skill_sessions_series_id"))
        batch_op.drop_index(batch_op.f("ix_skill_sessions_place_id"))

    op.drop_table("skill_sessions")
    with op.batch_alter_table("session_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_series_place_id"))

    op.drop_table("session_series")
