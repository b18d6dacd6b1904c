from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.jobs import HeartbeatJob


class ImportMapping(models.Model):
    """A named column mapping (file header -> field) that a user saved for their next file."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="import_mappings",
    )
    name = models.CharField(_("name"), max_length=100)
    # {"<file header>": "<field key>"}; a header mapped to "" is ignored.
    columns = models.JSONField(_("columns"), default=dict)
    # {"<field key>": {"<value as in the file, normalised>": "<Koers value>"}}: the decisions
    # on values (an owner's name -> a user, "Horeca" -> a segment) taken for an earlier file.
    values = models.JSONField(_("values"), default=dict, blank=True)
    # {"status": ..., "owner": "<user pk>", "tier": ...}: what new accounts get when the file
    # does not say.
    defaults = models.JSONField(_("defaults"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="import_mapping_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    READING = "reading", _("Reading the file")
    PENDING = "pending", _("Waiting for a check")
    VALIDATING = "validating", _("Checking")
    READY = "ready", _("Ready to import")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(HeartbeatJob):
    """One uploaded file on its way into the customer file: mapping, dry run, import.

    The parsed rows are kept in the database rather than as a file under MEDIA_ROOT, so a task
    worker on another machine reads the same data without a shared file system. A worker that
    dies is noticed by the job's heartbeat (core/jobs.py).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    file_name = models.CharField(_("file"), max_length=255)
    # What the file brings in: "accounts" (the customer file) or a kind another app registered
    # (kinds.py: the catalogue's "products").
    kind = models.CharField(_("kind"), max_length=20, default="accounts")
    # The uploaded file while the worker has still to read it (a large upload); emptied once
    # read. In the database, like the rows, so a worker on another machine reads it too.
    upload = models.BinaryField(_("uploaded file"), null=True, blank=True, editable=False)
    headers = models.JSONField(_("columns in the file"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    # {"<file header>": "<field key>"}
    mapping = models.JSONField(_("mapping"), default=dict)
    # The user's decisions on the preview (see services.ImportOptions): dropping bad optional
    # values, value mappings, defaults.
    options = models.JSONField(_("options"), default=dict, blank=True)
    # {"<row index>:<column index>": "<formula>"}: cells of an .xlsx that hold a formula without
    # a computed value (parsing.ParsedFile.formulas).
    formulas = models.JSONField(_("formulas"), default=dict, blank=True)
    # The rows checked and normalised by the dry run (checking.prepare_rows), for the import.
    prepared = models.JSONField(_("checked rows"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_count = models.PositiveIntegerField(_("accounts created"), default=0)
    updated_count = models.PositiveIntegerField(_("accounts updated"), default=0)
    contacts_created_count = models.PositiveIntegerField(_("contacts created"), default=0)
    # The dry run: counts and the rows to show (see services.DryRun.as_report).
    error_report = models.JSONField(_("check report"), default=dict, blank=True)
    # {"created": [account ids], "updated": [account ids]} once done.
    result = models.JSONField(_("result"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    validated = models.BooleanField(_("checked"), default=False)
    # Raised by every start of the import: a task of an earlier start, late after the job was
    # recovered and started again, finds another attempt and leaves the job alone.
    attempt = models.PositiveIntegerField(_("attempt"), default=0)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ImportStatus]),
                name="import_job_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_busy(self) -> bool:
        return self.status in (ImportStatus.READING, ImportStatus.VALIDATING, ImportStatus.RUNNING)

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
