"""The public "You said, we did" page: changes made because of what people told us,
grouped by strategy goal, each with the public status of the feedback behind it.

It shows references and statuses only, never what anyone wrote or who they are. A
resident's status page links to one change by its `#change-<id>` anchor.
"""

from __future__ import annotations

from collections.abc import Sequence

from litestar import Controller, Request, get
from litestar.response import Template
from sqlalchemy.orm import Session

from inclusion.feedback import changes_queries, labels
from inclusion.feedback.models import GOALS, FeedbackStatus, PublishedChange
from inclusion.sessions.references import format_reference
from inclusion.web.forms import field_text
from inclusion.web.rendering import render_page

# GOV.UK tag colours for each public status; the words carry the meaning, the colour
# only helps a reader scan.
STATUS_TAG_CLASSES = {
    FeedbackStatus.NEW: "govuk-tag--grey",
    FeedbackStatus.IN_REVIEW: "govuk-tag--turquoise",
    FeedbackStatus.ACTION_PLANNED: "govuk-tag--yellow",
    FeedbackStatus.DONE: "govuk-tag--green",
    FeedbackStatus.NO_ACTION: "govuk-tag--purple",
}


def chosen_goal(request: Request) -> str | None:
    """The goal asked for in `?goal=`, if it is one; anything else shows every goal."""
    goal = field_text(request.query_params, "goal", 3).upper()
    return goal if goal in GOALS else None


def by_goal(
    changes: Sequence[PublishedChange],
) -> list[tuple[str, list[PublishedChange]]]:
    """Changes under their goals in the strategy's order; the order within is kept."""
    groups: dict[str, list[PublishedChange]] = {goal: [] for goal in GOALS}
    for change in changes:
        groups.setdefault(change.goal, []).append(change)
    return [(goal, group) for goal, group in groups.items() if group]


class YouSaidWeDidController(Controller):
    @get("/you-said-we-did", name="feedback:you-said-we-did", sync_to_thread=True)
    def you_said_we_did(self, request: Request, db_session: Session) -> Template:
        goal = chosen_goal(request)
        changes = changes_queries.published_changes(db_session, goal)
        names = changes_queries.place_names(db_session, (c.place_id for c in changes))
        return render_page(
            request,
            "feedback/you_said_we_did.html",
            {
                "goal": goal,
                "groups": by_goal(changes),
                "count": len(changes),
                "goal_labels": labels.goal_labels(),
                "public_status": labels.public_status_labels(),
                "status_tag": STATUS_TAG_CLASSES,
                "place_names": names,
                "format_reference": format_reference,
            },
        )
