"""The shapes of activities in the API, and the function that fills them from loaded objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field, create_model

from koers.api.schemas import (
    BodyId,
    Choice,
    In,
    Integer,
    Notes,
    PageOut,
    PlanDateTime,
    Text,
    Version,
    max_len,
)
from koers.api.versioning import versioned_schemas
from koers.relations import links
from koers.relations.models import Activity, ActivityKind, ActivityStatus, CancelReason
from koers.relations.services.activities import MAX_DURATION


class PersonOut(Schema):
    id: int
    name: str


class ChecklistItemOut(Schema):
    text: str
    done: bool


# The records of later apps an activity is for (`relations/links.py`; sales adds `opportunity`,
# the deal). Built from the links registered when the API is loaded, after every app's ready().
LINK_DOC = "The id of the {name} the activity is for, or null: for the account in general."
_LINKS_OUT: dict[str, Any] = {
    link.name: (int | None, Field(description=LINK_DOC.format(name=link.name)))
    for link in links.registered()
}
_LINKS_IN: dict[str, Any] = {
    link.name: (BodyId | None, Field(None, description=LINK_DOC.format(name=link.name)))
    for link in links.registered()
}
ActivityLinksOut: Any = create_model("ActivityLinksOut", __base__=Schema, **_LINKS_OUT)
ActivityLinksIn: Any = create_model(
    "ActivityLinksIn",
    __base__=In,
    __doc__="What the activity is for, besides its account; 422 naming `links.<name>` for a "
    "record that is not open or not of the account.",
    **_LINKS_IN,
)


class ActivityOut(Schema):
    id: int
    account_id: int
    account_name: str
    kind: ActivityKind
    subject: str
    owner_id: int
    owner_name: str
    contacts: list[PersonOut] = Field(description="The account's contacts who took part.")
    colleagues: list[PersonOut] = Field(description="Colleagues who joined the owner.")
    planned_start: datetime
    duration: int = Field(description="Minutes.")
    actual_start: datetime | None
    actual_end: datetime | None
    location: str
    status: ActivityStatus
    outcome: str
    cancel_reason: CancelReason | None
    cancel_note: str
    instructions: str
    checklist: list[ChecklistItemOut]
    asks_for_report: bool = Field(description="A visit or meeting: done, it asks for a report.")
    report_id: int | None = Field(description="Its visit report (GET /visit-reports/{id}).")
    schedule_id: int | None = Field(description="The recurring visit schedule that planned it.")
    follow_up_of_id: int | None = Field(
        description="The activity it follows up (a follow-up chain): planned on its completion "
        "or by hand."
    )
    links: ActivityLinksOut = Field(
        description="What it is for besides its account: `opportunity`, the deal (open when "
        "it was linked), or null."
    )
    version: int
    created_at: datetime
    updated_at: datetime


def activity_data(activity: Activity) -> dict[str, Any]:
    """`account`, `owner`, `report`, `contacts` and `colleagues` must be loaded, and the links
    annotated (`links.annotated`)."""
    report = getattr(activity, "report", None)
    return {
        "id": activity.pk,
        "account_id": activity.account_id,
        "account_name": activity.account.name,
        "kind": activity.kind,
        "subject": activity.subject,
        "owner_id": activity.owner_id,
        "owner_name": str(activity.owner),
        "contacts": [{"id": c.pk, "name": c.full_name} for c in activity.contacts.all()],
        "colleagues": [{"id": u.pk, "name": str(u)} for u in activity.colleagues.all()],
        **{
            name: getattr(activity, name)
            for name in (
                "planned_start",
                "duration",
                "actual_start",
                "actual_end",
                "location",
                "status",
                "outcome",
                "cancel_note",
                "instructions",
                "version",
                "created_at",
                "updated_at",
            )
        },
        "cancel_reason": activity.cancel_reason or None,
        "checklist": [
            {"text": str(item.get("text", "")), "done": bool(item.get("done"))}
            for item in activity.checklist
            if isinstance(item, dict)
        ],
        "asks_for_report": activity.asks_for_report,
        "report_id": report.pk if report is not None else None,
        "schedule_id": activity.schedule_id,
        "follow_up_of_id": activity.follow_up_of_id,
        "links": links.values_of(activity),
    }


Minutes = Integer(0, MAX_DURATION, description="Minutes, at most a day (1440).")


class ActivityIn(In):
    account_id: BodyId = Field(description="The account (or branch) the activity is with.")
    kind: Choice(ActivityKind)
    subject: Text(max_len(Activity, "subject"), 1, examples=["Jaargesprek"])
    planned_start: PlanDateTime
    duration: Minutes = 60
    owner_id: BodyId | None = Field(
        None,
        description="Defaults to you: the account manager or a colleague on the account team.",
    )
    contact_ids: list[BodyId] = Field(
        default_factory=list,
        max_length=50,
        description="Contacts who work at the account or at another account of its chain.",
    )
    colleague_ids: list[BodyId] = Field(default_factory=list, max_length=20)
    location: Text(max_len(Activity, "location")) | None = Field(
        None, description="Defaults to the account's visiting address for a visit."
    )
    instructions: Notes = ""
    checklist: list[Text(200, 1, examples=["Price list 2027"])] = Field(
        default_factory=list, max_length=30
    )
    follow_up_of_id: BodyId | None = Field(
        None,
        description="The activity of the same account that this one follows up: it joins that "
        "activity's chain (and the completion chain then plans no other follow-up of this kind).",
    )
    links: ActivityLinksIn = Field(
        default_factory=ActivityLinksIn,
        description="`opportunity`: an open deal of the account (or of its chain for this "
        "branch) that you may change; the activity is planned with it or not at all.",
    )


ActivityPatch, ActivityConflictOut = versioned_schemas(
    "Activity",
    create=ActivityIn,
    read=ActivityOut,
    exclude={"account_id", "checklist", "links", "follow_up_of_id"},
    doc="Only the fields sent are changed; `version` is the one you read. The status changes "
    "through the actions (complete, cancel); the deal through POST/DELETE "
    "/opportunities/{id}/activities.",
)


class ActivityCompleteIn(In):
    outcome: Notes = ""
    actual_start: PlanDateTime | None = Field(
        None, description="Defaults to the planned start (or now, if that is later)."
    )
    actual_end: PlanDateTime | None = Field(
        None, description="Defaults to the start plus the duration; not before the start."
    )


class ActivityCancelIn(In):
    reason: Choice(CancelReason)
    note: Text(max_len(Activity, "cancel_note"), examples=["Ziek"]) = ""


class ActivityRescheduleIn(In):
    planned_start: PlanDateTime
    version: Version | None = Field(
        None, description="The version you read; left out, the activity moves whatever changed."
    )


class ActivityPage(PageOut):
    results: list[ActivityOut]
