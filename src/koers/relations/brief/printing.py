"""The brief's sections of part 3 as they print in the PDF (blocks of text in the reader's
language; `blocks.py`), from the same data the page shows."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.accounts.validators import format_phone
from koers.core.pdf import as_text
from koers.relations.brief.blocks import Block, facts, images, item, items, text


def _names(people: Any) -> str:
    return ", ".join(str(getattr(p, "full_name", p)) for p in people)


def visit(data: dict[str, Any]) -> list[Block]:
    activity = data["activity"]
    blocks = [
        facts(
            [
                (_("Subject"), activity.subject),
                (_("When"), as_text(activity.planned_start)),
                (_("Duration"), _("%(minutes)s min") % {"minutes": activity.duration}),
                (_("Where"), activity.location),
                (_("Contacts to meet"), _names(data["contacts"]) or "—"),
                (_("Colleagues"), _names(data["colleagues"])),
                (_("Owner"), activity.owner),
            ]
        )
    ]
    if activity.instructions:
        blocks += [text(activity.instructions, heading=_("Instructions"))]
    if data["checklist"]:
        blocks += [items([item(t) for t in data["checklist"]], heading=_("Checklist"))]
    return blocks


def key_data(data: dict[str, Any]) -> list[Block]:
    account = data["account"]
    team = [f"{m.user} ({m.get_role_display()})" for m in data["team"]]
    return [
        facts(
            [
                (_("Tier"), account.get_tier_display()),
                (_("Status"), account.get_status_display()),
                (_("Segment"), account.segment.name if account.segment_id else ""),
                (_("Visiting address"), data["address"]),
                (_("Phone"), format_phone(account.phone) if account.phone else ""),
                (_("E-mail"), account.email),
                (_("KvK number"), account.kvk_number),
                (_("Account manager"), account.owner),
                (_("Account team"), ", ".join(team)),
            ]
        )
    ]


def chain(data: dict[str, Any]) -> list[Block]:
    parent = data["parent"].name if data["parent"] else _("an account you cannot see")
    return [
        facts(
            [
                (_("Branch of"), parent if data["is_branch"] else ""),
                (_("Branches"), str(data["branches"])),
                (_("Branches in the whole chain"), str(data["chain_branches"])),
            ]
        )
    ]


def contact_status(data: dict[str, Any]) -> list[Block]:
    state = data["state"]
    if state is None:
        return [text(_("No contact recorded yet."))]
    return [
        facts(
            [
                (_("Status"), data["label"]),
                (
                    _("Norm"),
                    ngettext("every %(days)s day", "every %(days)s days", state.norm_days)
                    % {"days": state.norm_days},
                ),
                (_("Last contact"), as_text(state.last_contact_on) or _("none yet")),
                (_("Next planned contact"), as_text(state.next_planned_at) or _("none planned")),
                (_("Contact due"), as_text(state.due_on)),
            ]
        )
    ]


def _person_note(row: dict[str, Any]) -> str:
    position = row["position"]
    parts = [
        position.get_buying_role_display() or _("no buying role"),
        position.get_attitude_display(),
        position.job_title,
    ]
    if row["norm_days"] is not None:
        parts.append(
            _("last contact %(date)s") % {"date": as_text(row["last_contact_on"])}
            if row["last_contact_on"]
            else _("never spoken")
        )
    if row["too_long"]:
        parts.append(_("not seen for too long"))
    return " · ".join(p for p in parts if p)


def dmu(rows: list[dict[str, Any]]) -> list[Block]:
    return [
        items(
            item(
                r["contact"].full_name,
                _person_note(r),
                flag=r["critical"] or r["too_long"],
            )
            for r in rows
        )
    ]


def interests(people: list[Any]) -> list[Block]:
    return [items(item(c.full_name, c.personal_interests) for c in people)]


def _commitment(c: Any) -> dict[str, Any]:
    note = [_("due %(date)s") % {"date": as_text(c.due_date)}, str(c.owner)]
    if c.contact_id:
        note.append(c.contact.full_name)
    if c.overdue:
        note.insert(0, _("overdue"))
    return item(c.description, " · ".join(note), flag=c.overdue)


def commitments(data: dict[str, Any]) -> list[Block]:
    blocks = []
    if data["ours"]:
        blocks.append(items(map(_commitment, data["ours"]), heading=_("We promised")))
    if data["theirs"]:
        blocks.append(items(map(_commitment, data["theirs"]), heading=_("The customer promised")))
    if data["more"]:
        blocks.append(text(_("More open commitments are on the account's timeline.")))
    return blocks


def agreements(data: dict[str, Any]) -> list[Block]:
    report = data["report"]
    activity = report.activity
    when = as_text(activity.actual_start or activity.planned_start)
    blocks = [text(_("%(subject)s, %(date)s") % {"subject": activity.subject, "date": when})]
    if data["lines"]:
        blocks.append(items(item(line) for line in data["lines"]))
    if report.next_step:
        blocks.append(
            facts([(_("Next step"), f"{report.next_step} {as_text(report.next_step_date)}")])
        )
    return blocks


def photos(data: dict[str, Any]) -> list[Block]:
    activity = data["report"].activity
    when = as_text(activity.actual_start or activity.planned_start)
    blocks = [text(_("%(subject)s, %(date)s") % {"subject": activity.subject, "date": when})]
    thumbnails = [b for b in (_read(p.thumbnail) for p in data["photos"]) if b]
    if thumbnails:
        blocks.append(images(thumbnails))
    if data["more"]:
        blocks.append(text(_("More photos on the visit's page in Koers.")))
    return blocks


def _read(stored: Any) -> bytes:
    """A stored thumbnail's bytes; a file that went missing is left out, not an error."""
    try:
        with stored.open("rb") as handle:
            data: bytes = handle.read()
            return data
    except (FileNotFoundError, OSError, ValueError):
        return b""


def recent_contacts(rows: list[dict[str, Any]]) -> list[Block]:
    lines = []
    for row in rows:
        a = row["activity"]
        head = f"{as_text(a.actual_start)} · {a.get_kind_display()} · {a.subject}"
        who = _names(a.contacts.all())
        note = " · ".join(p for p in (str(a.owner), who, row["summary"]) if p)
        lines.append(item(head, note))
    return [items(lines)]


def changes(data: dict[str, Any]) -> list[Block]:
    if data["last_visit"] is not None:
        intro = _("Since the last visit on %(date)s.") % {"date": as_text(data["since"])}
    else:
        intro = _("No visit yet: the changes since %(date)s.") % {"date": as_text(data["since"])}
    blocks = [text(intro)]
    if data["nothing"]:
        return [*blocks, text(_("Nothing changed."))]
    if data["new"]:
        blocks.append(
            items(
                (item(p.contact.full_name, p.get_buying_role_display()) for p in data["new"]),
                heading=_("New contacts"),
            )
        )
    if data["departed"]:
        blocks.append(
            items(
                (item(p.contact.full_name, as_text(p.end_date)) for p in data["departed"]),
                heading=_("Departed contacts"),
            )
        )
    if data["account"]:
        lines = [
            item(
                f"{capfirst(c['field'])}: {c['old'] or '—'} → {c['new'] or '—'}",
                f"{e['by'] or ''} {as_text(e['at'])}".strip(),
            )
            for e in data["account"]
            for c in e["changes"]
        ]
        blocks.append(items(lines, heading=_("Changes to the account")))
    if data["colleagues"]:
        blocks.append(
            items(
                (
                    item(
                        f"{as_text(a.planned_start)} · {a.get_kind_display()} · {a.subject}",
                        f"{a.owner} · {a.get_status_display()}",
                    )
                    for a in data["colleagues"]
                ),
                heading=_("Activities of colleagues"),
            )
        )
    return blocks
