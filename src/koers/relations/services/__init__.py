"""The writes of relationship care, one transaction each, split by sub-domain."""

from koers.relations.services.activities import (
    activity_cancel,
    activity_complete,
    activity_log,
    activity_plan,
    activity_reinstate,
    activity_reschedule,
    activity_update,
)
from koers.relations.services.calendar import (
    calendar_feed_enable,
    calendar_feed_renew,
    calendar_feed_revoke,
    calendar_sync_connect,
    calendar_sync_disconnect,
)
from koers.relations.services.checklist import (
    activity_instructions_set,
    checklist_add,
    checklist_remove,
    checklist_tick,
)
from koers.relations.services.commitments import (
    commitment_cancel,
    commitment_done,
    commitment_from_agreement,
    commitment_make,
    commitment_move_due_date,
    commitment_reopen,
    commitment_update,
)
from koers.relations.services.follow_ups import follow_up_rule_add, follow_up_rule_remove
from koers.relations.services.norms import account_norm_set, norms_update
from koers.relations.services.photos import report_photo_delete, report_photos_add
from koers.relations.services.recap import recap_send
from koers.relations.services.reports import report_comment, report_plan_next_step, report_write
from koers.relations.services.schedules import (
    visit_schedule_end,
    visit_schedule_make,
    visit_schedule_update,
)

__all__ = [
    "account_norm_set",
    "activity_cancel",
    "activity_complete",
    "activity_instructions_set",
    "activity_log",
    "activity_plan",
    "activity_reinstate",
    "activity_reschedule",
    "activity_update",
    "calendar_feed_enable",
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "calendar_sync_connect",
    "calendar_sync_disconnect",
    "checklist_add",
    "checklist_remove",
    "checklist_tick",
    "commitment_cancel",
    "commitment_done",
    "commitment_from_agreement",
    "commitment_make",
    "commitment_move_due_date",
    "commitment_reopen",
    "commitment_update",
    "follow_up_rule_add",
    "follow_up_rule_remove",
    "norms_update",
    "recap_send",
    "report_comment",
    "report_photo_delete",
    "report_photos_add",
    "report_plan_next_step",
    "report_write",
    "visit_schedule_end",
    "visit_schedule_make",
    "visit_schedule_update",
]
