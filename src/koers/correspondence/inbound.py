"""Reading a message that reached a log address: Python's `email` package (policy.default) for
the headers, the text and the attachments; HTML turned into plain text, never kept as HTML.

Nothing here writes: `services/inbound.py` records and logs what these functions read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from email.utils import getaddresses
from html.parser import HTMLParser
from pathlib import PurePosixPath

from django.conf import settings

# A log address: `<local part>+<token>@<domain>`; the token is lowercase base32.
_LOG_ADDRESS = re.compile(r"^(?P<local>[^+@\s]+)\+(?P<token>[a-z2-7]{16,32})@(?P<domain>[^@\s]+)$")
# Where a mail server writes the address it delivered to (a BCC is in no other header).
DELIVERY_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To")
MAX_TEXT = 100_000
MAX_ATTACHMENTS = 20


class NotAMessage(ValueError):
    """The bytes are no e-mail message Koers can log (the reason is the text)."""


def log_address(token: str) -> str:
    """The full log address of `token`, or "" while no domain is set (MAIL_LOG_DOMAIN)."""
    if not settings.MAIL_LOG_DOMAIN:
        return ""
    return f"{settings.MAIL_LOG_LOCAL_PART}+{token}@{settings.MAIL_LOG_DOMAIN}"


def token_in(address: str) -> str:
    """The token of `address` when it is a log address of this installation, else ""."""
    found = _LOG_ADDRESS.match(address.strip().lower())
    if found is None or not settings.MAIL_LOG_DOMAIN:
        return ""
    if found["local"] != settings.MAIL_LOG_LOCAL_PART.lower():
        return ""
    if found["domain"] != settings.MAIL_LOG_DOMAIN.lower():
        return ""
    return found["token"]


def is_log_address(address: str) -> bool:
    domain = settings.MAIL_LOG_DOMAIN.lower()
    local, _at, host = address.lower().rpartition("@")
    return (
        bool(domain)
        and host == domain
        and local.split("+")[0] == (settings.MAIL_LOG_LOCAL_PART.lower())
    )


@dataclass(frozen=True)
class Headers:
    key: str
    message_id: str
    subject: str
    sender: str
    sender_name: str
    recipients: list[tuple[str, str]]
    sent_at: datetime | None
    delivered_to: list[str] = field(default_factory=list)


def parse(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL in text; other control characters only confuse the page.
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):  # a header the parser cannot decode
        return ""
    return _clean(" ".join(str(value or "").split()))


def addresses(message: Message, name: str) -> list[tuple[str, str]]:
    """[(display name, address in lower case)] of every `name` header; malformed ones left out."""
    found: list[tuple[str, str]] = []
    for value in message.get_all(name) or []:
        try:
            pairs = [(a.display_name, a.addr_spec) for a in value.addresses]  # type: ignore[attr-defined]
        except (AttributeError, ValueError, TypeError, IndexError):
            pairs = getaddresses([str(value)])
        for display, address in pairs:
            address = _clean(address).strip().lower()
            if "@" in address and len(address) <= 254:
                found.append((_clean(display.strip())[:200], address))
    return found


def _date(message: Message) -> datetime | None:
    try:
        value = message.get("Date")
        moment = getattr(value, "datetime", None)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    if not isinstance(moment, datetime):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def headers_of(raw: bytes, message: EmailMessage) -> Headers:
    """What Koers needs to know before the message is kept; NotAMessage when it has no sender."""
    senders = addresses(message, "From")
    if not senders:
        raise NotAMessage("The message has no From address.")
    message_id = _header(message, "Message-ID").strip("<> ")[:240]
    key = f"mid:{message_id}" if message_id else f"sha256:{hashlib.sha256(raw).hexdigest()}"
    delivered = [a for name in DELIVERY_HEADERS for _n, a in addresses(message, name)]
    return Headers(
        key=key,
        message_id=message_id,
        subject=_header(message, "Subject")[:255],
        sender=senders[0][1],
        sender_name=senders[0][0],
        recipients=[*addresses(message, "To"), *addresses(message, "Cc")],
        sent_at=_date(message),
        delivered_to=delivered,
    )


class _TextOfHtml(HTMLParser):
    """The readable text of an HTML part: blocks on lines of their own, scripts and styles
    dropped, entities decoded. The result is plain text, shown escaped like any other."""

    SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript"})
    BLOCKS = frozenset(
        {"p", "div", "tr", "table", "blockquote", "pre", "hr", "ul", "ol", "section", "article"}
        | {f"h{n}" for n in range(1, 7)}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def text_of_html(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _content(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, UnicodeError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def text_of(message: EmailMessage) -> str:
    """The message's text: its plain part, or the text of its HTML part."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = _content(part)
    if part.get_content_type() == "text/html":
        content = text_of_html(content)
    return _clean(content.replace("\r\n", "\n")).strip()[:MAX_TEXT]


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


def _filename(part: Message, number: int) -> str:
    try:
        name = part.get_filename() or ""
    except (ValueError, TypeError, IndexError):
        name = ""
    name = _clean(PurePosixPath(name.replace("\\", "/")).name).strip()
    if not name:
        name = f"attachment-{number}.eml" if part.get_content_type() == "message/rfc822" else ""
    return (name or f"attachment-{number}")[:255]


def _leaves(part: Message) -> Iterator[Message]:
    """The parts that are no container; a forwarded message is one part, not opened."""
    if part.get_content_type() == "message/rfc822" or not part.is_multipart():
        yield part
        return
    for inner in part.get_payload():
        if isinstance(inner, Message):
            yield from _leaves(inner)


def attachments_of(message: EmailMessage) -> list[Attachment]:
    """The files attached (not the inline images of a signature), forwarded messages as .eml."""
    found: list[Attachment] = []
    for part in _leaves(message):
        disposition = part.get_content_disposition()
        named = disposition != "inline" and bool(part.get_filename())
        if disposition != "attachment" and not named:
            continue
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            first = inner[0] if isinstance(inner, list) and inner else None
            data = first.as_bytes() if isinstance(first, Message) else b""
        else:
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
        kind = _clean(part.get_content_type())[:100]
        found.append(Attachment(_filename(part, len(found) + 1), kind, data))
    return found[:MAX_ATTACHMENTS]
