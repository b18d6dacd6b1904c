"""Who gets what, for every URL of Koers (persona x URL; see tests/access_matrix.py).

The objects belong to alice (account manager, team North): her account "Alpha" with a branch and
a contact, her import job and mapping, her API token; and charlie (team South) has "Charlie BV".
Who may read alice's account: alice, maria (manages North), mark (marketing reads everything) and
the administrator; bob (alice's team colleague, not on the account team), charlie and ingrid
(inside sales, not on the account team) get a 404, as for an id that does not exist.

A new URL fails `test_every_url_has_a_row` until it has its rows here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from koers.accounts import services
from koers.accounts.models import Position, Segment
from koers.api import services as api_services
from koers.core.models import Role
from koers.core.terms.services import general_terms_upload
from koers.relations import services as relations_services
from koers.relations.photos import prepare
from koers.transfer.models import ImportJob, ImportMapping
from tests.access_matrix import Row, World, check_row, fingerprint, statuses, url_names
from tests.aftersales import access_rows as aftersales_rows
from tests.campaigns import access_rows as campaign_rows
from tests.campaigns import event_access_rows as event_rows
from tests.campaigns import lead_access_rows as lead_rows
from tests.complaints.access_rows import ROWS as COMPLAINT_ROWS
from tests.complaints.access_rows import complaint_world
from tests.conftest import Personas, make_people
from tests.core.terms_factories import TERMS_PDF
from tests.correspondence import matrix as correspondence
from tests.factories import (
    make_account,
    make_contact,
    make_segment,
    make_totp_device,
    make_user,
)
from tests.gifts import access_rows as gift_rows
from tests.insights import access_rows as insight_rows
from tests.insights import report_access_rows as insight_report_rows
from tests.module_data import module_data
from tests.planning import access_rows as market_rows
from tests.planning import analysis_access_rows as analysis_rows
from tests.planning import plan_access_rows as plan_rows
from tests.planning import plan_extras_access_rows as plan_extras_rows
from tests.planning import plan_monitoring_access_rows as plan_monitoring_rows
from tests.planning import portfolio_access_rows as portfolio_rows
from tests.planning import salesplan_access_rows as salesplan_rows
from tests.planning import spread_lines_access_rows as spread_lines_rows
from tests.planning import target_access_rows as target_rows
from tests.proposals import access_rows as proposal_rows
from tests.sales import access_rows as catalogue_rows
from tests.sales import board_access_rows as board_rows
from tests.sales import mandate_access_rows as mandate_rows
from tests.sales import opportunity_access_rows as opportunity_rows
from tests.sales import order_access_rows as order_rows
from tests.sales import quote_access_rows as quote_rows
from tests.sales import quote_template_access_rows as quote_template_rows

# The usual answers. Pages send the anonymous visitor to the login page (302), the API says 401.
SIGNED_IN = statuses(
    dict.fromkeys(("alice", "bob", "charlie", "maria", "ingrid", "mark", "admin"), 200), anon=302
)
# Reading alice's account or anything that belongs to it.
READ = statuses(SIGNED_IN, bob=404, charlie=404, ingrid=404)
# Changing it: marketing reads but may not change (403).
WRITE = statuses(READ, mark=403)
# Creating customer records: everybody but marketing.
CREATE = statuses(SIGNED_IN, mark=403)
# Creating accounts: inside sales serve accounts and do not create them (docs/decisions.md).
CREATE_ACCOUNT = statuses(CREATE, ingrid=403)
# Importing: account managers, managers and administrators.
IMPORT = statuses(SIGNED_IN, ingrid=403, mark=403)
# The administration pages (users, teams, segments): administrators only.
ADMIN_ONLY = statuses(
    SIGNED_IN, **dict.fromkeys(("alice", "bob", "charlie", "maria", "ingrid", "mark"), 403)
)
# Alice's own things (import job, mapping, token): only alice; others get a 404. Mark may not
# import at all (403) before a job would be looked up; ingrid imports orders (not accounts), so
# alice's job is someone else's to her too.
OWN_IMPORT = statuses(IMPORT, bob=404, charlie=404, maria=404, admin=404, ingrid=404)


def api(base: dict[str, int], **changes: int) -> dict[str, int]:
    return statuses(base, **{"anon": 401, **changes})


# Reading charlie's account or anything that belongs to it (objects of another team).
OF_CHARLIE = statuses(SIGNED_IN, alice=404, bob=404, maria=404, ingrid=404)


def _visit(w: World) -> dict[str, int]:
    return {"activity_id": w.visit.pk}


def _promise(w: World) -> dict[str, int]:
    return {"commitment_id": w.promise.pk}


def _new_activity(w: World) -> dict[str, object]:
    return {
        "account_id": w.alpha.pk,
        "kind": "phone_call",
        "subject": "Call",
        "planned_start": "2026-12-22T10:00:00+01:00",
    }


def _new_commitment(w: World) -> dict[str, object]:
    return {
        "account_id": w.alpha.pk,
        "direction": "ours",
        "description": "Send prices",
        "due_date": "2026-12-20",
    }


def _schedule_form(w: World) -> dict[str, str]:
    return {
        "kind": "visit",
        "subject": "Round",
        "every_weeks": "4",
        "starts_on": "2026-12-22",
        "start_time": "10:00",
        "duration": "60",
        "owner": str(w.alice.pk),
    }


def _account(w: World) -> dict[str, int]:
    return {"pk": w.alpha.pk}


def _contact(w: World) -> dict[str, int]:
    return {"pk": w.anna.pk}


def _job(w: World) -> dict[str, int]:
    return {"pk": w.job.pk}


ROWS: list[Row] = [
    # ------------------------------------------------------------------------------ core
    Row("home", statuses(SIGNED_IN, **dict.fromkeys(SIGNED_IN, 302))),
    Row("healthz", statuses(SIGNED_IN, anon=200)),
    # The benchmark's floor (core/floor.py): "ok" for anyone signed in.
    Row("floor", SIGNED_IN),
    # Signed in, the login page sends you on.
    Row("core:login", statuses(SIGNED_IN, **{**dict.fromkeys(SIGNED_IN, 302), "anon": 200})),
    Row("core:logout", statuses(SIGNED_IN, **dict.fromkeys(SIGNED_IN, 302)), method="post"),
    Row(
        "core:set_language",
        statuses(SIGNED_IN, **dict.fromkeys(SIGNED_IN, 302)),
        method="post",
        data=lambda w: {"language": "nl", "next": "/"},
    ),
    Row("core:settings", SIGNED_IN),
    Row("core:two_factor", statuses(SIGNED_IN, **dict.fromkeys(SIGNED_IN, 302))),
    # The administrator in this matrix has a device already.
    Row("core:two_factor_setup", statuses(SIGNED_IN, admin=302)),
    # ---------------------------------------------- administration (users, teams, segments)
    Row("core:user_list", ADMIN_ONLY),
    Row("core:user_create", ADMIN_ONLY),
    Row(
        "core:user_create",
        statuses(ADMIN_ONLY, admin=302),
        method="post",
        data=lambda w: {
            "first_name": "Nina",
            "last_name": "Nieuw",
            "username": "nina",
            "role": "account_manager",
            "is_active": "on",
            "password1": "Koers-welkom-2026",
            "password2": "Koers-welkom-2026",
        },
        label="post core:user_create",
    ),
    Row("core:user_edit", ADMIN_ONLY, kwargs=lambda w: {"pk": w.bob.pk}),
    Row(
        "core:user_edit",
        statuses(ADMIN_ONLY, admin=302),
        kwargs=lambda w: {"pk": w.bob.pk},
        method="post",
        data=lambda w: {
            "first_name": "Bob",
            "last_name": "Baas",
            "username": "bob",
            "role": "manager",
            "is_active": "on",
        },
    ),
    Row("core:user_password", ADMIN_ONLY, kwargs=lambda w: {"pk": w.bob.pk}),
    Row(
        "core:user_password",
        statuses(ADMIN_ONLY, admin=302),
        kwargs=lambda w: {"pk": w.bob.pk},
        method="post",
        data=lambda w: dict.fromkeys(("new_password1", "new_password2"), "Nieuw-wachtwoord-26"),
    ),
    Row("core:team_list", ADMIN_ONLY),
    Row("core:team_create", ADMIN_ONLY),
    Row(
        "core:team_create",
        statuses(ADMIN_ONLY, admin=302),
        method="post",
        data=lambda w: {"name": "West", "manager": str(w.maria.pk), "members": [str(w.bob.pk)]},
        label="post core:team_create",
    ),
    Row("core:team_edit", ADMIN_ONLY, kwargs=lambda w: {"pk": w.north.pk}),
    Row(
        "core:team_edit",
        statuses(ADMIN_ONLY, admin=302),
        kwargs=lambda w: {"pk": w.north.pk},
        method="post",
        data=lambda w: {"name": "Noord", "manager": str(w.maria.pk), "members": [str(w.alice.pk)]},
    ),
    Row("core:company_settings", ADMIN_ONLY),
    Row(
        "core:company_settings",
        statuses(ADMIN_ONLY, admin=302),
        method="post",
        data=lambda w: {"name": "Koers BV", "country": "NL"},
        label="post core:company_settings",
    ),
    # No logo was set in this world: nobody finds one.
    Row("core:company_logo", statuses(dict.fromkeys(SIGNED_IN, 404), anon=302)),
    # The general terms: managed by the administrator, downloaded by everyone signed in.
    Row("core:general_terms", ADMIN_ONLY),
    Row(
        "core:general_terms",
        statuses(ADMIN_ONLY, admin=302),
        method="post",
        data=lambda w: {"label": "2027", "valid_from": "2027-01-01", "file": _terms_pdf()},
        label="post core:general_terms",
    ),
    Row("core:general_terms_file", SIGNED_IN, kwargs=lambda w: {"pk": w.general_terms.pk}),
    Row("accounts:segment_list", ADMIN_ONLY),
    Row("accounts:segment_create", ADMIN_ONLY),
    Row(
        "accounts:segment_create",
        statuses(ADMIN_ONLY, admin=302),
        method="post",
        data=lambda w: {"name": "Horeca"},
        label="post accounts:segment_create",
    ),
    Row("accounts:segment_edit", ADMIN_ONLY, kwargs=lambda w: {"pk": w.segment.pk}),
    Row(
        "accounts:segment_edit",
        statuses(ADMIN_ONLY, admin=302),
        kwargs=lambda w: {"pk": w.segment.pk},
        method="post",
        data=lambda w: {"name": "Retail chains"},
    ),
    # Deleting is a POST only; the segment is unused, so the administrator may delete it.
    Row(
        "accounts:segment_delete",
        statuses(SIGNED_IN, **{**dict.fromkeys(SIGNED_IN, 405), "anon": 302}),
        kwargs=lambda w: {"pk": w.segment.pk},
    ),
    Row(
        "accounts:segment_delete",
        statuses(ADMIN_ONLY, admin=302),
        kwargs=lambda w: {"pk": w.segment.pk},
        method="post",
    ),
    # ---------------------------------------------------------------------- account pages
    Row("accounts:account_list", SIGNED_IN),
    Row("accounts:account_list", SIGNED_IN, htmx=True, query="q=alp"),
    Row("accounts:account_lookup", SIGNED_IN, htmx=True, query="parent_search=alpha"),
    Row("accounts:account_create", CREATE_ACCOUNT),
    Row(
        "accounts:account_create",
        statuses(
            CREATE_ACCOUNT, **dict.fromkeys(("alice", "bob", "charlie", "maria", "admin"), 302)
        ),
        method="post",
        data=lambda w: {
            "name": "Nieuw BV",
            "owner": str(w.alice.pk),
            "visit_country": "NL",
            "postal_country": "NL",
            "tier": "B",
            "status": "prospect",
            "create_anyway": "on",
        },
        label="post accounts:account_create",
    ),
    Row("accounts:account_detail", READ, kwargs=_account),
    Row("accounts:account_tree", READ, kwargs=_account),
    Row("accounts:account_tree", READ, kwargs=_account, htmx=True),
    Row("accounts:account_history", READ, kwargs=_account),
    Row("accounts:account_edit", WRITE, kwargs=_account),
    Row(
        "accounts:account_edit",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=_account,
        method="post",
        data=lambda w: {
            "name": "Alpha Renamed",
            "version": "1",
            "owner": str(w.alice.pk),
            "visit_country": "NL",
            "postal_country": "NL",
            "tier": "B",
            "status": "customer",
        },
    ),
    Row("accounts:branch_create", WRITE, kwargs=_account),
    # ------------------------------------------------------------- relationship care (part 3)
    Row("relations:account_timeline", READ, kwargs=_account),
    Row("relations:account_timeline", READ, kwargs=_account, htmx=True, query="show=calls"),
    Row("relations:contact_timeline", READ, kwargs=lambda w: {"pk": w.anna.pk}),
    Row("relations:activity_detail", READ, kwargs=lambda w: {"pk": w.visit.pk}),
    Row("relations:report_write", WRITE, kwargs=lambda w: {"pk": w.visit.pk}),
    Row(
        "relations:report_write",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.visit.pk},
        method="post",
        data=lambda w: {"discussed": "Prices", "agreements": "Send prices"},
    ),
    Row(
        "relations:report_next_step",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.reported.pk},
        method="post",
    ),
    Row(
        "relations:report_commitment",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.reported.pk},
        method="post",
        data=lambda w: {"line": "0", "direction": "ours", "due_date": "2026-12-20"},
    ),
    Row(
        "relations:report_comment",
        statuses(READ, alice=403, maria=302, admin=302, mark=403),
        kwargs=lambda w: {"pk": w.reported.pk},
        method="post",
        data=lambda w: {"text": "Well done"},
    ),
    # During and right after a visit: checklist, instructions, photos, the recap.
    *(
        Row(
            f"relations:{name}",
            statuses(WRITE, alice=302, maria=302, admin=302),
            kwargs=lambda w: {"pk": w.visit.pk},
            method="post",
            data=data,
        )
        for name, data in (
            ("checklist_add", lambda w: {"text": "Bring samples"}),
            ("checklist_tick", lambda w: {"line": "0", "text": "Price list", "done": "on"}),
            ("checklist_remove", lambda w: {"line": "0", "text": "Price list"}),
            ("instructions", lambda w: {"instructions": "Meet the buyer", "version": "1"}),
        )
    ),
    Row(
        "relations:checklist_tick",
        statuses(WRITE, alice=200, maria=200, admin=200),
        kwargs=lambda w: {"pk": w.visit.pk},
        method="post",
        data=lambda w: {"line": "0", "text": "Price list", "done": "on"},
        htmx=True,
        label="post relations:checklist_tick (htmx)",
    ),
    Row(
        "relations:photos_add",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.reported.pk},
        method="post",
        data=lambda w: {},
    ),
    Row("relations:photo", READ, kwargs=lambda w: {"pk": w.reported.pk, "photo_pk": w.photo.pk}),
    Row(
        "relations:photo_thumbnail",
        READ,
        kwargs=lambda w: {"pk": w.reported.pk, "photo_pk": w.photo.pk},
    ),
    *(
        Row(
            f"relations:{name}",
            OF_CHARLIE,
            kwargs=lambda w: {"pk": w.charlie_reported.pk, "photo_pk": w.charlie_photo.pk},
            label=f"get relations:{name} of charlie",
        )
        for name in ("photo", "photo_thumbnail")
    ),
    Row(
        "relations:photo_delete",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.reported.pk, "photo_pk": w.photo.pk},
        method="post",
    ),
    Row(
        "relations:photo_delete",
        statuses(OF_CHARLIE, charlie=302, admin=302, mark=403),
        kwargs=lambda w: {"pk": w.charlie_reported.pk, "photo_pk": w.charlie_photo.pk},
        method="post",
        label="post relations:photo_delete of charlie",
    ),
    Row("relations:recap", WRITE, kwargs=lambda w: {"pk": w.reported.pk}),
    Row(
        "relations:recap",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.reported.pk},
        method="post",
    ),
    Row(
        "relations:recap",
        statuses(OF_CHARLIE, mark=403),
        kwargs=lambda w: {"pk": w.charlie_reported.pk},
        label="get relations:recap of charlie",
    ),
    Row("relations:my_day", SIGNED_IN),
    Row(
        "relations:my_day",
        statuses(SIGNED_IN, bob=403, charlie=403, ingrid=403, mark=403),
        query=lambda w: f"user={w.alice.pk}",
        label="get relations:my_day of alice",
    ),
    Row("relations:my_week", SIGNED_IN),
    Row("relations:accounts_due", SIGNED_IN),
    Row(
        "relations:accounts_due",
        statuses(SIGNED_IN, bob=404, charlie=404, ingrid=404, mark=404),
        query=lambda w: f"user={w.alice.pk}&soon=1",
        label="get relations:accounts_due of alice",
    ),
    Row("relations:account_contact", READ, kwargs=_account),
    # Commitments on the account and contact pages; done, cancelled, moved in place (302 back
    # to the account page without HTMX).
    Row("relations:account_commitments", READ, kwargs=_account),
    Row("relations:contact_commitments", READ, kwargs=_contact),
    Row(
        "relations:commitment_new",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=_account,
        method="post",
        data=lambda w: {"direction": "ours", "description": "Prices", "due_date": "2026-12-20"},
    ),
    Row(
        "relations:commitment_done",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.promise.pk},
        method="post",
        data=lambda w: {"note": "Sent"},
    ),
    Row(
        "relations:commitment_cancel",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.promise.pk},
        method="post",
    ),
    Row(
        "relations:commitment_due_date",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.promise.pk},
        method="post",
        data=lambda w: {"due_date": "2027-01-10", "reason": "Stock", "version": "1"},
    ),
    Row(
        "relations:commitment_done",
        statuses(
            SIGNED_IN,
            **dict.fromkeys(("alice", "bob", "maria", "ingrid"), 404),
            mark=403,
            charlie=302,
            admin=302,
        ),
        kwargs=lambda w: {"pk": w.charlie_promise.pk},
        method="post",
        label="post relations:commitment_done of charlie",
    ),
    # The feed lists only readable reports; anyone signed in may open it.
    Row("relations:report_feed", SIGNED_IN),
    Row("relations:report_feed", SIGNED_IN, htmx=True, query="tier=A"),
    Row("relations:report_count", SIGNED_IN, htmx=True, query="tier=A"),
    # An account's own norm: the manager of its team and administrators (302 back to the page).
    Row(
        "relations:account_norm",
        statuses(READ, alice=403, mark=403, maria=302, admin=302),
        kwargs=_account,
        method="post",
        data=lambda w: {"days": "30"},
    ),
    Row("relations:norm_settings", ADMIN_ONLY),
    Row(
        "relations:norm_settings",
        statuses(ADMIN_ONLY, admin=302),
        method="post",
        data=lambda w: {
            "tier_A": "21",
            "tier_B": "56",
            "tier_C": "182",
            "role_decider": "120",
            "counting": ["visit", "phone_call"],
        },
        label="post relations:norm_settings",
    ),
    Row("relations:account_brief", READ, kwargs=_account),
    Row("relations:account_brief_pdf", READ, kwargs=_account),
    Row("relations:activity_brief", READ, kwargs=lambda w: {"pk": w.visit.pk}),
    Row("relations:activity_brief_pdf", READ, kwargs=lambda w: {"pk": w.visit.pk}),
    Row("relations:activity_plan", statuses(SIGNED_IN, mark=403)),
    # The deals of the account chosen in the agenda: the choice is empty for one you do not work.
    Row(
        "relations:activity_plan_links",
        statuses(SIGNED_IN, mark=403),
        query=lambda w: f"account={w.alpha.pk}",
        htmx=True,
    ),
    Row(
        "relations:activity_plan",
        statuses(
            SIGNED_IN, alice=302, bob=422, charlie=422, maria=422, ingrid=422, mark=403, admin=422
        ),
        method="post",
        data=lambda w: {
            "account": str(w.alpha.pk),
            "kind": "phone_call",
            "subject": "Call",
            "day": "2026-12-22",
            "start_time": "10:00",
            "duration": "30",
        },
    ),
    *[
        Row(
            f"relations:activity_{action}",
            statuses(WRITE, alice=302, maria=302, admin=302),
            kwargs=lambda w: {"pk": w.visit.pk},
            method="post",
            data=lambda w, body=body: body,
        )
        for action, body in (
            ("complete", {"outcome": "Fine"}),
            ("cancel", {"reason": "customer"}),
            ("reinstate", {}),
            ("snooze", {"by": "day"}),
            ("reschedule", {"day": "2026-12-22", "start_time": "10:00"}),
        )
    ],
    Row(
        "relations:activity_log",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=_account,
        method="post",
        data=lambda w: {"kind": "phone_call", "contact": str(w.anna.pk), "subject": "Called"},
    ),
    Row(
        "relations:activity_log",
        WRITE,
        kwargs=_account,
        method="post",
        htmx=True,
        data=lambda w: {"kind": "note", "subject": "A note"},
    ),
    # Recurring visits: a panel of the account page (read), its forms (change the account).
    Row("relations:account_schedules", READ, kwargs=_account),
    Row("relations:account_schedules", READ, kwargs=_account, htmx=True),
    Row(
        "relations:schedule_make",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=_account,
        method="post",
        data=lambda w: _schedule_form(w),
    ),
    Row("relations:schedule_edit", WRITE, kwargs=lambda w: {"pk": w.schedule.pk}),
    Row(
        "relations:schedule_edit",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.schedule.pk},
        method="post",
        data=lambda w: _schedule_form(w),
    ),
    Row(
        "relations:schedule_end",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.schedule.pk},
        method="post",
    ),
    Row(
        "relations:schedule_edit",
        statuses(OF_CHARLIE, mark=403),
        kwargs=lambda w: {"pk": w.charlie_schedule.pk},
        label="get relations:schedule_edit of charlie",
    ),
    Row(
        "relations:schedule_end",
        statuses(OF_CHARLIE, mark=403, charlie=302, admin=302),
        kwargs=lambda w: {"pk": w.charlie_schedule.pk},
        method="post",
        label="post relations:schedule_end of charlie",
    ),
    # The completion chains: administrators only.
    Row("relations:follow_up_settings", ADMIN_ONLY),
    Row(
        "relations:follow_up_settings",
        statuses(ADMIN_ONLY, admin=302),
        method="post",
        data=lambda w: {
            "kind": "phone_call",
            "next_kind": "email",
            "working_days": "2",
            "subject": "Mail {account}",
        },
        label="post relations:follow_up_settings",
    ),
    Row(
        "relations:follow_up_remove",
        statuses(ADMIN_ONLY, admin=302),
        kwargs=lambda w: {"pk": w.follow_up_rule.pk},
        method="post",
    ),
    # The calendar feed: each user's own section and actions; the feed answers to its token
    # alone (a calendar cannot sign in), so every visitor gets alice's feed with her token and
    # nobody gets a feed for a token that is unknown (renewed or revoked).
    Row("relations:calendar_settings", SIGNED_IN),
    Row("relations:calendar_settings", SIGNED_IN, htmx=True),
    *[
        Row(
            "relations:calendar_feed_action",
            dict.fromkeys(SIGNED_IN, 302),
            method="post",
            data=lambda w, action=action: {"action": action},
            label=f"post relations:calendar_feed_action {action}",
        )
        for action in ("on", "renew", "revoke")
    ],
    Row(
        "relations:calendar_feed_action",
        {**dict.fromkeys(SIGNED_IN, 400), "anon": 302},
        method="post",
        data=lambda w: {"action": "other"},
        label="post relations:calendar_feed_action (unknown action)",
    ),
    # The CalDAV sync: everyone connects and stops their own; "sync now" needs one connected
    # (alice's points at a closed port on this machine, so the run fails fast and says so).
    Row(
        "relations:calendar_sync_save",
        dict.fromkeys(SIGNED_IN, 302),
        method="post",
        data=lambda w: {
            "caldav-url": "https://127.0.0.1:9/dav/",
            "caldav-username": "me",
            "caldav-password": "app-password",
        },
    ),
    Row(
        "relations:calendar_sync_now",
        {**dict.fromkeys(SIGNED_IN, 404), "anon": 302, "alice": 302},
        method="post",
    ),
    Row("relations:calendar_sync_off", dict.fromkeys(SIGNED_IN, 302), method="post"),
    Row(
        "relations:calendar_feed",
        statuses(SIGNED_IN, anon=200),
        kwargs=lambda w: {"token": w.feed_token},
    ),
    Row(
        "relations:calendar_feed",
        dict.fromkeys(SIGNED_IN, 404),
        kwargs=lambda w: {"token": "unknown-token"},
        label="get relations:calendar_feed (unknown token)",
    ),
    Row(
        "accounts:account_team",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=_account,
        method="post",
        data=lambda w: {"user": str(w.bob.pk), "role": "inside_sales"},
    ),
    # ---------------------------------------------------------------------- contact pages
    Row("accounts:contact_list", SIGNED_IN),
    Row("accounts:contact_list", SIGNED_IN, htmx=True, query="q=ann"),
    Row("accounts:contact_count", SIGNED_IN, htmx=True),
    Row("accounts:contact_count", SIGNED_IN, htmx=True, query="role=decider&mine=on"),
    Row("accounts:contact_create", CREATE),
    Row("accounts:account_contact_create", WRITE, kwargs=lambda w: {"account_pk": w.alpha.pk}),
    Row(
        "accounts:account_contact_create",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"account_pk": w.alpha.pk},
        method="post",
        data=lambda w: {
            "first_name": "Nina",
            "last_name": "Nieuw",
            "attitude": "neutral",
            "preferred_language": "nl",
        },
    ),
    Row("accounts:contact_detail", READ, kwargs=_contact),
    Row("accounts:contact_history", READ, kwargs=_contact),
    # The AVG export: administrators and managers who may change the contact.
    Row("accounts:contact_personal_data", statuses(READ, alice=403, mark=403), kwargs=_contact),
    Row(
        "accounts:contact_personal_data_page", statuses(READ, alice=403, mark=403), kwargs=_contact
    ),
    # Who exported whose personal data: administrators only.
    Row("accounts:personal_data_export_log", ADMIN_ONLY),
    Row("accounts:personal_data_export_log", ADMIN_ONLY, htmx=True, query="format=json"),
    # The retention review: administrators and managers (their teams' contacts).
    Row("accounts:retention_review", statuses(ADMIN_ONLY, maria=200)),
    Row("accounts:retention_review", statuses(ADMIN_ONLY, maria=200), htmx=True, query="q=ann"),
    Row("accounts:contact_erase", statuses(READ, alice=403, mark=403), kwargs=_contact),
    # Erasing: refused personas change nothing (the matrix compares the database).
    Row(
        "accounts:contact_erase",
        statuses(READ, alice=403, mark=403, maria=302, admin=302),
        kwargs=_contact,
        method="post",
        data=lambda w: {"reason": "Asked by e-mail"},
    ),
    Row("accounts:contact_edit", WRITE, kwargs=_contact),
    Row(
        "accounts:contact_edit",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=_contact,
        method="post",
        data=lambda w: {
            "first_name": "Anna",
            "last_name": "Changed",
            "version": "1",
            "preferred_language": "nl",
        },
    ),
    Row("accounts:position_create", WRITE, kwargs=_contact),
    Row("accounts:position_edit", WRITE, kwargs=lambda w: {"pk": w.position.pk}),
    Row(
        "accounts:position_edit",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.position.pk},
        method="post",
        query="end=1",
        data=lambda w: {"end_date": "2026-12-01"},
        label="post accounts:position_edit (end)",
    ),
    # --------------------------------------------------------------------- import, export
    Row("transfer:import_start", IMPORT),
    Row("transfer:import_job", OWN_IMPORT, kwargs=_job),
    Row("transfer:import_mapping", OWN_IMPORT, kwargs=_job),
    Row("transfer:import_run", statuses(OWN_IMPORT, alice=302), kwargs=_job, method="post"),
    # Reading again is refused for a job that was read (302 back to its page, nothing changed).
    Row("transfer:import_read_again", statuses(OWN_IMPORT, alice=302), kwargs=_job, method="post"),
    # The customer file's options, segments and mappings: importers of accounts only (ingrid 403).
    Row(
        "transfer:import_options",
        statuses(OWN_IMPORT, alice=302, ingrid=403),
        kwargs=_job,
        method="post",
    ),
    # Adding a segment from the preview: managers and administrators; alice (an account manager)
    # owns the only job, so she is refused and nothing changes.
    Row(
        "transfer:import_segment",
        statuses(OWN_IMPORT, alice=403, ingrid=403),
        kwargs=_job,
        method="post",
        data=lambda w: {"name": "Horeca", "value": "Horeca"},
    ),
    # The job of the world is not checked yet: there are no rows left out to download.
    Row("transfer:import_left_out", statuses(OWN_IMPORT, alice=404), kwargs=_job),
    Row(
        "transfer:mapping_delete",
        statuses(OWN_IMPORT, alice=302, ingrid=403),
        kwargs=lambda w: {"pk": w.mapping.pk},
        method="post",
    ),
    Row("transfer:export_accounts_csv", SIGNED_IN),
    Row("transfer:export_accounts_xlsx", SIGNED_IN),
    Row("transfer:export_contacts_csv", SIGNED_IN),
    Row("transfer:export_contacts_xlsx", SIGNED_IN),
    # ------------------------------------------------------------------------ API tokens
    Row("api:tokens", SIGNED_IN),
    Row(
        "api:token_revoke",
        statuses(
            SIGNED_IN, alice=302, bob=404, charlie=404, maria=404, ingrid=404, mark=404, admin=404
        ),
        kwargs=lambda w: {"pk": w.token.pk},
        method="post",
    ),
    # ----------------------------------------------------------------------------- API
    # The API's description is public: it holds no data.
    Row("api:v1:openapi-json", statuses(SIGNED_IN, anon=200)),
    Row("api:v1:openapi-view", statuses(SIGNED_IN, anon=200)),
    Row("api:v1:list_accounts", api(SIGNED_IN)),
    Row(
        "api:v1:create_account",
        api(CREATE_ACCOUNT, alice=201, bob=201, charlie=201, maria=201, admin=201),
        method="post",
        json=True,
        data=lambda w: {"name": "Api BV"},
        label="post api:v1:create_account",
    ),
    Row("api:v1:get_account", api(READ), kwargs=lambda w: {"account_id": w.alpha.pk}),
    Row(
        "api:v1:update_account",
        api(WRITE),
        kwargs=lambda w: {"account_id": w.alpha.pk},
        method="patch",
        json=True,
        data=lambda w: {"version": 1, "name": "Alpha API"},
    ),
    Row(
        "api:v1:delete_account",
        api(WRITE, alice=403, maria=204, admin=204),
        kwargs=lambda w: {"account_id": w.lonely.pk},
        method="delete",
        label="delete api:v1:delete_account",
    ),
    Row("api:v1:list_branches", api(READ), kwargs=lambda w: {"account_id": w.alpha.pk}),
    Row("api:v1:list_team", api(READ), kwargs=lambda w: {"account_id": w.alpha.pk}),
    Row(
        "api:v1:add_team_member",
        api(WRITE, alice=201, maria=201, admin=201),
        kwargs=lambda w: {"account_id": w.alpha.pk},
        method="post",
        json=True,
        data=lambda w: {"user_id": w.bob.pk, "role": "inside_sales"},
        label="post api:v1:add_team_member",
    ),
    Row(
        "api:v1:remove_team_member",
        api(WRITE, alice=204, maria=204, admin=204),
        kwargs=lambda w: {"account_id": w.alpha.pk, "user_id": w.tessa.pk},
        method="delete",
        label="delete api:v1:remove_team_member",
    ),
    Row("api:v1:list_segments", api(SIGNED_IN)),
    Row("api:v1:list_contacts", api(SIGNED_IN)),
    Row(
        "api:v1:create_contact",
        # An account the user may not read is "no account with this id" in the body: a 422.
        api(WRITE, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
        method="post",
        json=True,
        data=lambda w: {"last_name": "Api", "account_id": w.alpha.pk},
        label="post api:v1:create_contact",
    ),
    Row("api:v1:get_contact", api(READ), kwargs=lambda w: {"contact_id": w.anna.pk}),
    Row(
        "api:v1:update_contact",
        api(WRITE),
        kwargs=lambda w: {"contact_id": w.anna.pk},
        method="patch",
        json=True,
        data=lambda w: {"version": 1, "first_name": "Ann"},
    ),
    Row(
        "api:v1:delete_contact",
        api(WRITE, alice=403, maria=204, admin=204),
        kwargs=lambda w: {"contact_id": w.anna.pk},
        method="delete",
        label="delete api:v1:delete_contact",
    ),
    Row("api:v1:list_positions", api(READ), kwargs=lambda w: {"contact_id": w.anna.pk}),
    Row(
        "api:v1:add_position",
        api(WRITE, alice=201, maria=201, admin=201),
        kwargs=lambda w: {"contact_id": w.anna.pk},
        method="post",
        json=True,
        data=lambda w: {"account_id": w.branch.pk},
        label="post api:v1:add_position",
    ),
    Row(
        "api:v1:update_position",
        api(WRITE),
        kwargs=lambda w: {"contact_id": w.anna.pk, "position_id": w.position.pk},
        method="patch",
        json=True,
        data=lambda w: {"job_title": "Inkoper"},
    ),
    Row(
        "api:v1:end_position",
        api(WRITE),
        kwargs=lambda w: {"contact_id": w.anna.pk, "position_id": w.position.pk},
        method="post",
        json=True,
        data=lambda w: {"end_date": "2026-12-01"},
    ),
    Row("api:v1:list_users", api(SIGNED_IN)),
    Row("api:v1:get_me", api(SIGNED_IN)),
    Row("api:v1:get_user", api(SIGNED_IN), kwargs=lambda w: {"user_id": w.bob.pk}),
    Row("api:v1:list_teams", api(SIGNED_IN)),
    Row("api:v1:get_team", api(SIGNED_IN), kwargs=lambda w: {"team_id": w.north.pk}),
    Row("api:v1:list_general_terms", api(SIGNED_IN)),
    Row(
        "api:v1:general_terms_file",
        api(SIGNED_IN),
        kwargs=lambda w: {"terms_id": w.general_terms.pk},
    ),
    Row("api:v1:api-root", api(SIGNED_IN, **dict.fromkeys(SIGNED_IN, 404))),
    # ------------------------------------------------------------- API of part 3 (relations)
    # Creating with alice's account in the body: an account one cannot read is a 422 naming
    # `account_id` (or `activity_id`), as for a contact.
    *[
        Row(f"api:v1:list_{name}", api(SIGNED_IN))
        for name in ("activities", "reports", "commitments")
    ],
    *[
        Row(
            f"api:v1:create_{name}",
            api(WRITE, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
            method="post",
            json=True,
            data=body,
            label=f"post api:v1:create_{name}",
        )
        for name, body in (
            ("activity", _new_activity),
            ("report", lambda w: {"activity_id": w.visit.pk, "discussed": "Prices"}),
            ("commitment", _new_commitment),
        )
    ],
    *[
        row
        for name, key, pk, change in (
            ("activity", "activity_id", lambda w: w.visit.pk, {"subject": "Changed"}),
            ("report", "report_id", lambda w: w.reported.report.pk, {"needs": "Changed"}),
            ("commitment", "commitment_id", lambda w: w.promise.pk, {"description": "Changed"}),
        )
        for row in (
            Row(f"api:v1:get_{name}", api(READ), kwargs=lambda w, k=key, pk=pk: {k: pk(w)}),
            Row(
                f"api:v1:update_{name}",
                api(WRITE),
                kwargs=lambda w, k=key, pk=pk: {k: pk(w)},
                method="patch",
                json=True,
                data=lambda w, change=change: {"version": 1, **change},
            ),
        )
    ],
    *[
        Row(
            f"api:v1:{action}",
            api(WRITE),
            kwargs=kwargs,
            method="post",
            json=True,
            data=lambda w, body=body: body,
            label=f"post api:v1:{action}",
        )
        for action, kwargs, body in (
            ("complete_activity", _visit, {"outcome": "Fine"}),
            ("cancel_activity", _visit, {"reason": "customer"}),
            ("reschedule_activity", _visit, {"planned_start": "2026-12-22T10:00:00+01:00"}),
            ("complete_commitment", _promise, {"note": "Sent"}),
            ("cancel_commitment", _promise, {}),
            ("move_due_date", _promise, {"due_date": "2026-12-31", "reason": "x", "version": 1}),
        )
    ],
    # Objects of charlie's account: only charlie, marketing and the administrator read them;
    # for everyone else (maria manages another team) they do not exist, writes included.
    *[
        Row(
            f"api:v1:get_{name}",
            api(OF_CHARLIE),
            kwargs=lambda w, k=key, pk=pk: {k: pk(w)},
            label=f"get api:v1:get_{name} of charlie",
        )
        for name, key, pk in (
            ("activity", "activity_id", lambda w: w.charlie_visit.pk),
            ("report", "report_id", lambda w: w.charlie_reported.report.pk),
            ("commitment", "commitment_id", lambda w: w.charlie_promise.pk),
        )
    ],
    Row(
        "api:v1:update_activity",
        api(OF_CHARLIE, mark=403),
        kwargs=lambda w: {"activity_id": w.charlie_visit.pk},
        method="patch",
        json=True,
        data=lambda w: {"version": 1, "subject": "Taken over"},
        label="patch api:v1:update_activity of charlie",
    ),
    Row(
        "api:v1:complete_activity",
        api(OF_CHARLIE, mark=403),
        kwargs=lambda w: {"activity_id": w.charlie_visit.pk},
        method="post",
        json=True,
        label="post api:v1:complete_activity of charlie",
    ),
    Row(
        "api:v1:update_report",
        api(OF_CHARLIE, mark=403),
        kwargs=lambda w: {"report_id": w.charlie_reported.report.pk},
        method="patch",
        json=True,
        data=lambda w: {"version": 1, "discussed": "Taken over"},
        label="patch api:v1:update_report of charlie",
    ),
    Row(
        "api:v1:complete_commitment",
        api(OF_CHARLIE, mark=403),
        kwargs=lambda w: {"commitment_id": w.charlie_promise.pk},
        method="post",
        json=True,
        label="post api:v1:complete_commitment of charlie",
    ),
    Row(
        "api:v1:create_report",
        api(
            OF_CHARLIE,
            charlie=201,
            admin=201,
            mark=403,
            **dict.fromkeys(("alice", "bob", "maria", "ingrid"), 422),
        ),
        method="post",
        json=True,
        data=lambda w: {"activity_id": w.charlie_visit.pk, "discussed": "Prices"},
        label="post api:v1:create_report of charlie's visit",
    ),
    # The visit kit through the API: checklist, photos, recap.
    *[
        Row(
            f"api:v1:{name}",
            api(WRITE),
            kwargs=lambda w: {"activity_id": w.visit.pk},
            method="post",
            json=True,
            data=body,
            label=f"post api:v1:{name}",
        )
        for name, body in (
            ("checklist_add", lambda w: {"text": "Bring samples"}),
            ("checklist_tick", lambda w: {"line": 0, "text": "Price list", "done": True}),
            ("checklist_remove", lambda w: {"line": 0, "text": "Price list"}),
        )
    ],
    # Charlie's visit has no checklist: who may tick gets the 409 of a list that changed.
    Row(
        "api:v1:checklist_tick",
        api(OF_CHARLIE, charlie=409, admin=409, mark=403),
        kwargs=lambda w: {"activity_id": w.charlie_visit.pk},
        method="post",
        json=True,
        data=lambda w: {"line": 0, "text": "Price list", "done": True},
        label="post api:v1:checklist_tick of charlie",
    ),
    Row("api:v1:list_photos", api(READ), kwargs=lambda w: {"report_id": w.reported.report.pk}),
    Row(
        "api:v1:add_photos",
        api(WRITE, alice=201, maria=201, admin=201),
        kwargs=lambda w: {"report_id": w.reported.report.pk},
        method="post",
        data=lambda w: {"photos": _png("shelf.png")},
        label="post api:v1:add_photos",
    ),
    *[
        row
        for name in ("photo_image", "photo_thumbnail")
        for row in (
            Row(
                f"api:v1:{name}",
                api(READ),
                kwargs=lambda w: {"report_id": w.reported.report.pk, "photo_id": w.photo.pk},
            ),
            Row(
                f"api:v1:{name}",
                api(OF_CHARLIE),
                kwargs=lambda w: {
                    "report_id": w.charlie_reported.report.pk,
                    "photo_id": w.charlie_photo.pk,
                },
                label=f"get api:v1:{name} of charlie",
            ),
        )
    ],
    Row(
        "api:v1:delete_photo",
        api(WRITE, alice=204, maria=204, admin=204),
        kwargs=lambda w: {"report_id": w.reported.report.pk, "photo_id": w.photo.pk},
        method="delete",
        label="delete api:v1:delete_photo",
    ),
    Row(
        "api:v1:delete_photo",
        api(OF_CHARLIE, charlie=204, admin=204, mark=403),
        kwargs=lambda w: {
            "report_id": w.charlie_reported.report.pk,
            "photo_id": w.charlie_photo.pk,
        },
        method="delete",
        label="delete api:v1:delete_photo of charlie",
    ),
    # No recap was sent for these visits: a 404 to every reader, and the visit's contacts have
    # no e-mail address, so sending is refused by its state (409) for who may send.
    Row(
        "api:v1:get_recap",
        api(READ, alice=404, maria=404, mark=404, admin=404),
        kwargs=lambda w: {"activity_id": w.reported.pk},
    ),
    Row(
        "api:v1:send_recap",
        api(WRITE, alice=409, maria=409, admin=409),
        kwargs=lambda w: {"activity_id": w.reported.pk},
        method="post",
        label="post api:v1:send_recap",
    ),
    Row(
        "api:v1:send_recap",
        api(OF_CHARLIE, charlie=409, admin=409, mark=403),
        kwargs=lambda w: {"activity_id": w.charlie_reported.pk},
        method="post",
        label="post api:v1:send_recap of charlie",
    ),
    # ------------------------------------------------------------- part 4: complaints
    *COMPLAINT_ROWS,
    *proposal_rows.ROWS,
    # ---------------------------------------------------------------- the gifts register
    *gift_rows.rows(signed_in=SIGNED_IN, read=READ, write=WRITE, admin_only=ADMIN_ONLY),
    *campaign_rows.rows(signed_in=SIGNED_IN, read=READ),
    *event_rows.rows(signed_in=SIGNED_IN, read=READ),
    *lead_rows.rows(signed_in=SIGNED_IN, read=READ),
    # ------------------------------------------------------------- the catalogue and prices
    *catalogue_rows.rows(signed_in=SIGNED_IN, read=READ, admin_only=ADMIN_ONLY),
    # ---------------------------------------------------------------------- opportunities
    *opportunity_rows.rows(signed_in=SIGNED_IN, read=READ, admin_only=ADMIN_ONLY),
    *order_rows.rows(signed_in=SIGNED_IN, read=READ),
    *board_rows.rows(signed_in=SIGNED_IN, read=READ),
    # ---------------------------------------------------------------------- the mandate
    *mandate_rows.rows(signed_in=SIGNED_IN, read=READ, admin_only=ADMIN_ONLY),
    # ----------------------------------------------------------------------------- quotes
    *quote_rows.rows(signed_in=SIGNED_IN, read=READ, admin_only=ADMIN_ONLY),
    *quote_template_rows.rows(signed_in=SIGNED_IN, read=READ, admin_only=ADMIN_ONLY),
    *correspondence.ROWS,
    # ------------------------------------------------------------------- account analyses
    *analysis_rows.rows(signed_in=SIGNED_IN, read=READ, write=WRITE),
    *portfolio_rows.rows(signed_in=SIGNED_IN, read=READ),
    # ------------------------------------------------------------------------ after-sales
    *aftersales_rows.rows(signed_in=SIGNED_IN, read=READ, admin_only=ADMIN_ONLY),
    # ------------------------------------------------------------- market information
    *market_rows.rows(signed_in=SIGNED_IN, read=READ, write=WRITE),
    # ---------------------------------------------------------------------- account plans
    *plan_rows.rows(signed_in=SIGNED_IN, read=READ, write=WRITE),
    *plan_monitoring_rows.rows(signed_in=SIGNED_IN, read=READ, write=WRITE),
    *plan_extras_rows.rows(read=READ, write=WRITE),
    # ---------------------------------------------------------------------------- targets
    *target_rows.rows(signed_in=SIGNED_IN),
    # ------------------------------------------------------------------------ sales plans
    *salesplan_rows.rows(signed_in=SIGNED_IN),
    *spread_lines_rows.rows(signed_in=SIGNED_IN, read=READ, write=WRITE),
    # ---------------------------------------------------------------------------- insights
    *insight_rows.rows(signed_in=SIGNED_IN),
    *insight_report_rows.rows(signed_in=SIGNED_IN, read=READ),
]


def _png(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _terms_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("av.pdf", TERMS_PDF, content_type="application/pdf")


def _world(people: Personas) -> World:
    alpha = make_account(people.alice, "Alpha")
    branch = make_account(people.alice, "Alpha Branch", parent=alpha)
    lonely = make_account(people.alice, "Lonely")
    charlie_bv = make_account(people.charlie, "Charlie BV")
    anna = make_contact(alpha, first_name="Anna", last_name="Alpha")
    make_contact(charlie_bv, first_name="Carl", last_name="Charlie")
    # Someone outside the personas serves Alpha, so that removing a team member can be tried.
    tessa = make_user("tessa", role=Role.INSIDE_SALES)
    services.account_team_add(actor=people.alice, account=alpha, user=tessa, role="inside_sales")
    visit = relations_services.activity_plan(
        actor=people.alice,
        account=alpha,
        kind="visit",
        subject="Visit",
        planned_start=timezone.now() + timedelta(days=1),
        checklist=["Price list"],
    )
    reported = relations_services.activity_plan(
        actor=people.alice,
        account=alpha,
        kind="visit",
        subject="Reported visit",
        planned_start=timezone.now() - timedelta(days=1),
    )
    relations_services.report_write(
        actor=people.alice,
        activity=reported,
        data={
            "discussed": "Prices",
            "agreements": "Send prices",
            "next_step": "Call",
            "next_step_date": timezone.localdate() + timedelta(days=7),
        },
    )
    promise = relations_services.commitment_make(
        actor=people.alice,
        account=alpha,
        direction="ours",
        description="Send prices",
        due_date=timezone.localdate() + timedelta(days=7),
    )
    # Charlie's visit (planned), a reported one and a commitment: another team's objects.
    charlie_visit, charlie_reported = (
        relations_services.activity_plan(
            actor=people.charlie,
            account=charlie_bv,
            kind="visit",
            subject=subject,
            planned_start=timezone.now() + timedelta(days=days),
        )
        for subject, days in (("Charlie's visit", 1), ("Charlie's reported visit", -1))
    )
    charlie_report = relations_services.report_write(
        actor=people.charlie, activity=charlie_reported, data={"discussed": "Prices"}
    )
    (photo,) = relations_services.report_photos_add(
        actor=people.alice, report=reported.report, photos=[prepare(_png("shelf.png"))]
    )
    (charlie_photo,) = relations_services.report_photos_add(
        actor=people.charlie, report=charlie_report, photos=[prepare(_png("shelf.png"))]
    )
    charlie_promise = relations_services.commitment_make(
        actor=people.charlie,
        account=charlie_bv,
        direction="theirs",
        description="Send the order",
        due_date=timezone.localdate() + timedelta(days=7),
    )
    schedule, charlie_schedule = (
        relations_services.visit_schedule_make(
            actor=actor,
            account=account,
            subject="Round",
            every_weeks=4,
            starts_on=timezone.localdate() + timedelta(days=2),
        )
        for actor, account in ((people.alice, alpha), (people.charlie, charlie_bv))
    )
    follow_up_rule = relations_services.follow_up_rule_add(
        actor=people.admin, kind="visit", next_kind="phone_call", working_days=5, subject="Call"
    )
    job = ImportJob.objects.create(
        owner=people.alice,
        file_name="klanten.csv",
        headers=["Naam"],
        rows=[["Een BV"]],
        mapping={"Naam": "name"},
    )
    mapping = ImportMapping.objects.create(
        owner=people.alice, name="Mijn", columns={"Naam": "name"}
    )
    token, _plain = api_services.api_token_create(user=people.alice, name="ERP")
    feed = relations_services.calendar_feed_enable(actor=people.alice)
    relations_services.calendar_sync_connect(
        actor=people.alice, url="https://127.0.0.1:9/dav/", username="alice", password="pw"
    )
    objects = {
        "alpha": alpha,
        "branch": branch,
        "lonely": lonely,
        "charlie_bv": charlie_bv,
        "anna": anna,
        "visit": visit,
        "reported": reported,
        "promise": promise,
        "charlie_visit": charlie_visit,
        "charlie_reported": charlie_reported,
        "charlie_promise": charlie_promise,
        "photo": photo,
        "charlie_photo": charlie_photo,
        "schedule": schedule,
        "charlie_schedule": charlie_schedule,
        "follow_up_rule": follow_up_rule,
        "position": Position.objects.get(contact=anna, account=alpha),
        "job": job,
        "mapping": mapping,
        "token": token,
        "feed_token": feed.token,
        "north": people.alice.teams.get(),
        "tessa": tessa,
        "segment": make_segment("Retail"),
        "general_terms": general_terms_upload(
            actor=people.admin, label="2026", valid_from=date(2026, 1, 1), content=TERMS_PDF
        ),
        **correspondence.objects(people, alpha),
        **complaint_world(people, alpha),
        **vars(people),
    }
    gift_rows.extend_world(objects)
    objects.update(proposal_rows.proposal_world(people, objects["complaint"]))
    catalogue_rows.extend_world(objects)
    opportunity_rows.extend_world(objects)
    mandate_rows.extend_world(objects)
    quote_rows.extend_world(objects)
    quote_template_rows.extend_world(objects)
    order_rows.extend_world(objects)
    analysis_rows.extend_world(objects)
    aftersales_rows.extend_world(objects)
    market_rows.extend_world(objects)
    plan_rows.extend_world(objects)
    salesplan_rows.extend_world(objects)
    target_rows.extend_world(objects)
    plan_extras_rows.extend_world(objects)
    campaign_rows.extend_world(objects)
    insight_rows.extend_world(objects)
    insight_report_rows.extend_world(objects)
    event_rows.extend_world(objects)
    lead_rows.extend_world(objects)
    return World(objects)


def _clients(people: Personas) -> dict[str, Client]:
    signed_in = {}
    for name, user in vars(people).items():
        client = Client()
        client.force_login(user)
        signed_in[name] = client
    device = make_totp_device(people.admin)
    session = signed_in["admin"].session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return {"anon": Client(), **signed_in}


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker) -> Iterator[tuple[World, dict[str, Client]]]:
    """One set of objects and signed-in clients for the whole module (tests/module_data.py).

    Each test runs in a savepoint inside the module's transaction, and each persona's request
    in one more, so that building the objects and signing in eight people happens once.
    """

    def build() -> tuple[World, dict[str, Client]]:
        people = make_people()
        return _world(people), _clients(people)

    with module_data(django_db_blocker, build) as built:
        yield built


def test_the_matrix_notices_a_write(db):
    before = fingerprint()
    Segment.objects.create(name="Horeca")

    assert fingerprint() != before


def test_every_url_has_a_row():
    assert url_names() - {row.name for row in ROWS} == set()


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_access(row: Row, matrix: tuple[World, dict[str, Client]], db: None):
    world, clients = matrix
    problems = check_row(row, world, clients)
    assert not problems, "\n".join(problems)
