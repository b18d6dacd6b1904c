"""Photos of a visit: checked to be an image by its content, turned upright, resized, stripped.

A phone photo is 3-12 MB with the place it was taken in its EXIF data. What is stored is a JPEG
of at most `MAX_EDGE` pixels on its long edge (enough to read a shelf label) and a thumbnail,
both written fresh from the pixels, so no EXIF (GPS position, phone model) survives. JPEG rather
than WebP: every viewer and the PDF engine (Typst) read it.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# A decompression bomb is a small file of enormous dimensions: refuse before decoding pixels.
MAX_PIXELS = 60_000_000
MAX_EDGE = 1600
THUMB_EDGE = 320
MAX_PHOTOS = 20
# MPO is how some cameras label a JPEG. iPhones' HEIC arrives as JPEG: Safari converts a photo
# picked for an `accept="image/*"` field.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}


@dataclass(frozen=True)
class Photo:
    """A checked photo, ready to store."""

    original_name: str
    image: bytes
    thumbnail: bytes
    width: int
    height: int

    def names(self) -> tuple[str, str]:
        """Unguessable names, by month: not a way in (nothing is public), but nothing to try."""
        stem = f"visit-photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"
        return f"{stem}.jpg", f"{stem}-thumb.jpg"


def _refuse(name: str, message: str) -> ValidationError:
    return ValidationError(f"{name}: {message}", code="invalid_image")


def _jpeg(image: Image.Image, edge: int, quality: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue(), copy.width, copy.height


def prepare(upload: UploadedFile) -> Photo:
    """The upload as a stored photo, or ValidationError saying why not (naming the file)."""
    name = (upload.name or "photo")[-120:]
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        message = _("larger than %(size)s.") % {"size": filesizeformat(MAX_UPLOAD_BYTES)}
        raise _refuse(name, message)
    try:
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise _refuse(name, _("not a photo (JPEG, PNG, WebP or GIF)."))
            if probe.width * probe.height > MAX_PIXELS:
                raise _refuse(name, _("too many pixels for a photo."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as opened:
            upright = ImageOps.exif_transpose(opened)
            rgb = upright.convert("RGB")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse(name, _("not an image, or a damaged one.")) from None
    image, width, height = _jpeg(rgb, MAX_EDGE, 85)
    thumbnail, _w, _h = _jpeg(rgb, THUMB_EDGE, 80)
    return Photo(name, image, thumbnail, width, height)


def stream(photo_file: Any, filename: str) -> FileResponse:
    """A stored photo (or thumbnail) shown in the browser, for the pages and the API alike."""
    try:
        handle = photo_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg", filename=filename)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline"
    )
    # Like every page behind the login (core/cache_control.py): not kept on a shared computer.
    response["Cache-Control"] = "private, no-store"
    return response
