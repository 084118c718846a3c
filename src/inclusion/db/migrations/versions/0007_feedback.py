"""Feedback: page feedback, feedback items with notes and goal tags, "You said, we did"
changes, and anonymous daily counts for the impact figures.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daily_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "metric", "key", name=op.f("pk_daily_counts")),
    )
    op.create_table(
        "page_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("useful", sa.Boolean(), nullable=True),
        sa.Column("what_doing", sa.Text(), nullable=True),
        sa.Column("what_went_wrong", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_feedback")),
    )
    with op.batch_alter_table("page_feedback", schema=None) as batch_op:
        batch_op.create_index("ix_page_feedback_day_path", ["day", "path"], unique=False)

    op.create_table(
        "feedback_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("about_kind", sa.String(length=20), nullable=True),
        sa.Column("about_id", sa.Integer(), nullable=True),
        sa.Column("about_label", sa.String(length=200), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("what_would_help", sa.Text(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("contact_method", sa.String(length=10), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assigned_to_id", sa.Integer(), nullable=True),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("contact_erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('new', 'in_review', 'action_planned', 'done', 'no_action')",
            name=op.f("ck_feedback_items_status_known"),
        ),
        sa.CheckConstraint(
            "topic IN ('place', 'session', 'device_loan', 'wifi_computers', 'guidance', "
            "'website', 'other')",
            name=op.f("ck_feedback_items_topic_known"),
        ),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_feedback_items_rating_1_to_5")),
        sa.ForeignKeyConstraint(
            ["assigned_to_id"],
            ["staff_users.id"],
            name=op.f("fk_feedback_items_assigned_to_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_feedback_items_place_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_items")),
        sa.UniqueConstraint("reference", name=op.f("uq_feedback_items_reference")),
    )
    with op.batch_alter_table("feedback_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_items_place_id"), ["place_id"], unique=False)
        batch_op.create_index(
            "ix_feedback_items_status_created", ["status", "created_at"], unique=False
        )

    op.create_table(
        "published_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal", sa.String(length=3), nullable=False),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_users.id"],
            name=op.f("fk_published_changes_created_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_published_changes_place_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_changes")),
    )
    with op.batch_alter_table("published_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_published_changes_published_on"), ["published_on"], unique=False
        )

    op.create_table(
        "change_feedback_items",
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["change_id"],
            ["published_changes.id"],
            name=op.f("fk_change_feedback_items_change_id_published_changes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["feedback_items.id"],
            name=op.f("fk_change_feedback_items_item_id_feedback_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("change_id", "item_id", name=op.f("pk_change_feedback_items")),
    )
    op.create_table(
        "feedback_goals",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("goal", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["feedback_items.id"],
            name=op.f("fk_feedback_goals_item_id_feedback_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "goal", name=op.f("pk_feedback_goals")),
    )
    op.create_table(
        "feedback_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('note', 'reply', 'status', 'assigned')",
            name=op.f("ck_feedback_notes_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff_users.id"], name=op.f("fk_feedback_notes_author_id_staff_users")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["feedback_items.id"],
            name=op.f("fk_feedback_notes_item_id_feedback_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_notes")),
    )
    with op.batch_alter_table("feedback_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_notes_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedback_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_notes_item_id"))

    op.drop_table("feedback_notes")
    op.drop_table("feedback_goals")
    op.drop_table("change_feedback_items")
    with op.batch_alter_table("published_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_published_changes_published_on"))

    op.drop_table("published_changes")
    with op.batch_alter_table("feedback_items", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_items_status_created")
        batch_op.drop_index(batch_op.f("ix_feedback_items_place_id"))

    op.drop_table("feedback_items")
    with op.batch_alter_table("page_feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_page_feedback_day_path")

    op.drop_table("page_feedback")
    op.drop_table("daily_counts")
