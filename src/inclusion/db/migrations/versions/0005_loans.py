"""device types, devices and their history, loan requests, data SIMs

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("comes_with", sa.Text(), nullable=True),
        sa.Column("loan_days", sa.Integer(), nullable=False),
        sa.Column("is_data_sim", sa.Boolean(), nullable=False),
        sa.CheckConstraint("loan_days > 0", name=op.f("ck_device_types_loan_days_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_types")),
        sa.UniqueConstraint("slug", name=op.f("uq_device_types_slug")),
    )
    op.create_table(
        "data_sim_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_data_sim_issues_place_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_sim_issues")),
    )
    with op.batch_alter_table("data_sim_issues", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_sim_issues_place_id"), ["place_id"], unique=False)

    op.create_table(
        "data_sim_stock",
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint("count >= 0", name=op.f("ck_data_sim_stock_count_not_negative")),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_data_sim_stock_place_id_places")
        ),
        sa.PrimaryKeyConstraint("place_id", name=op.f("pk_data_sim_stock")),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_tag", sa.String(length=40), nullable=False),
        sa.Column("device_type_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("condition_notes", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('available', 'reserved', 'on_loan', 'being_reset', 'repair', 'retired')",
            name=op.f("ck_devices_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["device_type_id"],
            ["device_types.id"],
            name=op.f("fk_devices_device_type_id_device_types"),
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_devices_place_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_devices")),
        sa.UniqueConstraint("asset_tag", name=op.f("uq_devices_asset_tag")),
    )
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.create_index(
            "ix_devices_place_type_status", ["place_id", "device_type_id", "status"], unique=False
        )

    op.create_table(
        "device_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("condition", sa.String(length=20), nullable=True),
        sa.Column("missing", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_device_events_device_id_devices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_events")),
    )
    with op.batch_alter_table("device_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_events_device_id"), ["device_id"], unique=False)

    op.create_table(
        "loan_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("device_type_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("contact_method", sa.String(length=10), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("in_north_tyneside", sa.Boolean(), nullable=False),
        sa.Column("no_device_or_connection", sa.Boolean(), nullable=False),
        sa.Column("low_income", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("reserved_from", sa.Date(), nullable=True),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("checked_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("extended", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('requested', 'reserved', 'ready', 'on_loan', 'returned', 'cancelled')",
            name=op.f("ck_loan_requests_status_known"),
        ),
        sa.CheckConstraint(
            "status NOT IN ('reserved', 'ready', 'on_loan') OR device_id IS NOT NULL",
            name=op.f("ck_loan_requests_device_when_held"),
        ),
        sa.CheckConstraint("priority >= 0", name=op.f("ck_loan_requests_priority_not_negative")),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_loan_requests_device_id_devices")
        ),
        sa.ForeignKeyConstraint(
            ["device_type_id"],
            ["device_types.id"],
            name=op.f("fk_loan_requests_device_type_id_device_types"),
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_loan_requests_place_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_requests")),
        sa.UniqueConstraint("reference", name=op.f("uq_loan_requests_reference")),
    )
    with op.batch_alter_table("loan_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_loan_requests_queue",
            ["place_id", "device_type_id", "status", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "uq_loan_requests_device_on_loan",
            ["device_id"],
            unique=True,
            sqlite_where=sa.text("status = 'on_loan'"),
            postgresql_where=sa.text("status = 'on_loan'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("loan_requests", schema=None) as batch_op:
        batch_op.drop_index("uq_loan_requests_device_on_loan")
        batch_op.drop_index("ix_loan_requests_queue")

    op.drop_table("loan_requests")
    with op.batch_alter_table("device_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_events_device_id"))

    op.drop_table("device_events")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_index("ix_devices_place_type_status")

    op.drop_table("devices")
    op.drop_table("data_sim_stock")
    with op.batch_alter_table("data_sim_issues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_sim_issues_place_id"))

    op.drop_table("data_sim_issues")
    op.drop_table("device_types")
