"""Our own company: what letters, PDFs and e-mail signatures print about it, and its settings.

Other apps read it with `company()` (a `Company`: plain values, the logo's bytes on demand) and
never the model: the row may not exist yet on a fresh installation, and then every field is
empty and the sender address is `DEFAULT_FROM_EMAIL`.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from koers.core.models import CompanySettings, User
from koers.core.services import require_settings_manager
from koers.core.validators import format_iban, format_phone
from koers.core.writes import service

MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000
# Stored at most this size: enough for a letterhead at print resolution, small in a PDF.
LOGO_BOX = (1200, 400)
LOGO_FORMATS = {"PNG", "JPEG", "MPO", "GIF", "WEBP"}
FIELDS = (
    "name",
    "street",
    "postcode",
    "city",
    "country",
    "kvk_number",
    "statutory_name",
    "statutory_seat",
    "vat_number",
    "iban",
    "phone",
    "email",
    "website",
    "footer",
)


@dataclass(frozen=True)
class Company:
    name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"
    kvk_number: str = ""
    statutory_name: str = ""
    statutory_seat: str = ""
    vat_number: str = ""
    iban: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo: str = ""
    footer: str = ""

    @property
    def display_name(self) -> str:
        return self.name or settings.SITE_NAME

    @property
    def from_address(self) -> str:
        """`Name <address>` for the From of mails to customers."""
        address = self.email or settings.DEFAULT_FROM_EMAIL
        return formataddr((self.name, address)) if self.name else address

    def address_lines(self) -> list[str]:
        place = "  ".join(p for p in (self.postcode, self.city) if p)
        return [line for line in (self.street, place) if line]

    def footer_lines(self) -> list[str]:
        return [line.strip() for line in self.footer.splitlines() if line.strip()]

    def registration_lines(self) -> list[str]:
        """KvK, VAT and IBAN as a letter's foot shows them, in the reader's language."""
        parts = [
            (_("KvK"), self.kvk_number),
            (_("VAT"), self.vat_number),
            (_("IBAN"), format_iban(self.iban)),
        ]
        return [f"{label} {value}" for label, value in parts if value]

    def statutory_lines(self) -> list[str]:
        """The statutory name and seat, in the reader's language, where they differ from the
        trade name and the address: Dutch law asks them of business correspondence (BW 2:75,
        2:186), and repeating what the letterhead already says would only add noise."""
        name = self.statutory_name.strip()
        seat = self.statutory_seat.strip()
        other_name = bool(name) and name.casefold() != self.name.strip().casefold()
        # With a name of its own, its seat goes with it; else only a seat elsewhere is news.
        other_seat = bool(seat) and (other_name or seat.casefold() != self.city.strip().casefold())
        if other_name and other_seat:
            return [_("%(name)s, statutory seat %(seat)s") % {"name": name, "seat": seat}]
        if other_name:
            return [name]
        if other_seat:
            return [_("Statutory seat %(seat)s") % {"seat": seat}]
        return []

    def contact_lines(self) -> list[str]:
        return [v for v in (self.phone_shown, self.email, self.website) if v]

    @property
    def phone_shown(self) -> str:
        return format_phone(self.phone)

    def logo_bytes(self) -> bytes | None:
        if not self.logo:
            return None
        try:
            with default_storage.open(self.logo, "rb") as handle:
                return bytes(handle.read())
        except OSError:
            return None


def company() -> Company:
    """The company's settings as plain values (empty ones before anyone set them)."""
    row = CompanySettings.objects.filter(pk=1).first()
    if row is None:
        return Company()
    return Company(**{name: getattr(row, name) for name in (*FIELDS, "logo")})


def prepare_logo(upload: UploadedFile) -> bytes:
    """The upload written again as a PNG from its pixels, or a ValidationError saying why not.

    Checked by content, not by name or content type; written from the pixels, so nothing but the
    picture survives (no metadata, no script in an SVG, no second file glued on)."""
    if upload.size is not None and upload.size > MAX_LOGO_BYTES:
        raise ValidationError(
            _("The logo is larger than %(size)s.") % {"size": filesizeformat(MAX_LOGO_BYTES)},
            code="logo_size",
        )
    refusal = ValidationError(
        _("The logo must be an image (PNG, JPEG, GIF or WebP)."), code="logo_not_image"
    )
    try:
        with Image.open(upload) as probe:
            if probe.format not in LOGO_FORMATS:
                raise refusal
            if probe.width * probe.height > MAX_LOGO_PIXELS:
                raise ValidationError(_("The logo has too many pixels."), code="logo_pixels")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as opened:
            picture = opened.convert("RGBA")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refusal from None
    picture.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


@service
def company_settings_update(
    *, actor: User, data: dict[str, Any], logo: bytes | None = None, remove_logo: bool = False
) -> CompanySettings:
    """Saves the company's settings (administrators); a new logo replaces the old one, whose
    file is removed after the commit."""
    require_settings_manager(actor)
    row = CompanySettings.objects.select_for_update().filter(pk=1).first() or CompanySettings(pk=1)
    for name in FIELDS:
        if name in data:
            setattr(row, name, data[name])
    old_logo = row.logo
    if logo is not None:
        row.logo = default_storage.save(f"company/logo-{uuid.uuid4().hex}.png", io.BytesIO(logo))
    elif remove_logo:
        row.logo = ""
    try:
        row.full_clean(exclude=["logo"])
        row.save()
    except BaseException:
        if row.logo and row.logo != old_logo:
            default_storage.delete(row.logo)
        raise
    if old_logo and old_logo != row.logo:
        transaction.on_commit(lambda: default_storage.delete(old_logo))
    return row
