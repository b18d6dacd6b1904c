"""Polling the mail log's IMAP mailbox (stdlib `imaplib`): each unread message is handed to
`mail_log_receive`, then moved to the done folder (or marked read). A message refused (no log
address, too large) is marked read and flagged for a person to look at.

Safe to run again after a crash: a message kept but not yet marked is fetched again, and the
receive finds it by its key (Message-ID or hash), so nothing is logged twice.
"""

from __future__ import annotations

import contextlib
import imaplib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from koers.correspondence.models import InboundSource
from koers.correspondence.services import inbound


class MailboxError(RuntimeError):
    """The mailbox said no (sign-in, folder, a command)."""


@dataclass
class PollResult:
    kept: int = 0
    duplicates: int = 0
    refused: list[str] = field(default_factory=list)


def _ok(answer: tuple[str, list[Any]], what: str) -> list[Any]:
    status, data = answer
    if status != "OK":
        raise MailboxError(f"{what}: {data!r}"[:300])
    return data


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def connect() -> imaplib.IMAP4:
    host, port = settings.MAIL_LOG_IMAP_HOST, settings.MAIL_LOG_IMAP_PORT
    timeout = settings.MAIL_LOG_IMAP_TIMEOUT
    if settings.MAIL_LOG_IMAP_SSL:
        return imaplib.IMAP4_SSL(host, port, timeout=timeout)
    return imaplib.IMAP4(host, port, timeout=timeout)


def _message_bytes(data: list[object]) -> bytes:
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return b""


def _done(conn: imaplib.IMAP4, uid: str, flags: str) -> None:
    done_folder = settings.MAIL_LOG_IMAP_DONE_FOLDER
    if done_folder and flags == r"(\Seen)":
        _ok(conn.uid("COPY", uid, _quoted(done_folder)), "COPY")
        _ok(conn.uid("STORE", uid, "+FLAGS", r"(\Seen \Deleted)"), "STORE")
    else:
        _ok(conn.uid("STORE", uid, "+FLAGS", flags), "STORE")


def poll(limit: int = 500) -> PollResult:
    """One pass over the unread messages of the folder (at most `limit`)."""
    result = PollResult()
    conn = connect()
    try:
        _ok(conn.login(settings.MAIL_LOG_IMAP_USER, settings.MAIL_LOG_IMAP_PASSWORD), "LOGIN")
        _ok(conn.select(_quoted(settings.MAIL_LOG_IMAP_FOLDER)), "SELECT")
        found = _ok(conn.uid("SEARCH", "UNSEEN"), "SEARCH")
        uids = (found[0] or b"").split() if found and isinstance(found[0], bytes) else []
        for uid in [u.decode() for u in uids[:limit]]:
            # PEEK: fetching must not mark it read before it is kept.
            raw = _message_bytes(_ok(conn.uid("FETCH", uid, "(BODY.PEEK[])"), "FETCH"))
            try:
                received = inbound.mail_log_receive(raw, source=InboundSource.IMAP)
            except inbound.Refused as refused:
                result.refused.append(f"{uid}: {refused}")
                _done(conn, uid, r"(\Seen \Flagged)")
                continue
            if received.new:
                result.kept += 1
            else:
                result.duplicates += 1
            _done(conn, uid, r"(\Seen)")
        if settings.MAIL_LOG_IMAP_DONE_FOLDER:
            _ok(conn.expunge(), "EXPUNGE")
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.logout()
    return result
