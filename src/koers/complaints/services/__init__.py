"""Every write of complaints (decision 14): `<noun>_<verb>`, keyword-only, one transaction."""

from koers.complaints.services.categories import (
    complaint_category_add,
    complaint_category_update,
)
from koers.complaints.services.complaints import (
    complaint_follow_up_answer,
    complaint_register,
    complaint_reject,
    complaint_reopen,
    complaint_solve,
    complaint_start,
    complaint_update,
    complaint_verify,
)
from koers.complaints.services.involve import (
    complaint_comment,
    complaint_task_assign,
    complaint_task_done,
)

__all__ = [
    "complaint_category_add",
    "complaint_category_update",
    "complaint_comment",
    "complaint_follow_up_answer",
    "complaint_register",
    "complaint_reject",
    "complaint_reopen",
    "complaint_solve",
    "complaint_start",
    "complaint_task_assign",
    "complaint_task_done",
    "complaint_update",
    "complaint_verify",
]
