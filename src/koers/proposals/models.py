"""Improvement proposals (verbetervoorstellen): an account manager proposes to their manager a
change to the product or service range, the service, or a work process, backed by complaints,
accounts and market signals; the manager accepts, rejects or parks it with a comment
(seeds/001 3.1: "zet structurele klachten om in verbetervoorstellen"; seeds/002: "aantal door
leidinggevende overgenomen voorstellen" is an indicator, so every decision is kept)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account
from koers.complaints.models import Complaint
from koers.core.writes import history_user


class ProposalKind(models.TextChoices):
    RANGE = "range", _("Product or service range")
    SERVICE = "service", _("Service")
    PROCESS = "process", _("Work process")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting a decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    PARKED = "parked", _("Parked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses that still wait for the manager: a parked proposal may later be accepted or rejected.
UNDECIDED = (ProposalStatus.SUBMITTED, ProposalStatus.PARKED)


class Proposal(models.Model):
    kind = models.CharField(_("about"), max_length=10, choices=ProposalKind.choices)
    title = models.CharField(_("title"), max_length=200)
    what = models.TextField(_("what"), max_length=4000)
    why = models.TextField(_("why"), max_length=4000)
    expected_effect = models.TextField(_("expected effect"), max_length=4000)
    # Free text until part 7 brings market signals as records.
    market_signals = models.TextField(_("market signals"), max_length=4000, blank=True)
    complaints = models.ManyToManyField(
        Complaint, verbose_name=_("complaints"), blank=True, related_name="proposals"
    )
    accounts = models.ManyToManyField(
        Account, verbose_name=_("accounts"), blank=True, related_name="proposals"
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted"))
    # The latest decision; every decision is a ProposalDecision too.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("improvement proposal")
        verbose_name_plural = _("improvement proposals")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["proposer", "status"], name="proposal_proposer_idx"),
            models.Index(fields=["status", "submitted_at"], name="proposal_status_idx"),
            models.Index(fields=["decided_at"], name="proposal_decided_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ProposalStatus]),
                name="proposal_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in ProposalKind]),
                name="proposal_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def undecided(self) -> bool:
        return self.status in UNDECIDED


class ProposalDecision(models.Model):
    """One decision of the manager, kept for the indicators: parked and later accepted is two.
    The proposer's withdrawal is kept here too (`to_status` withdrawn, `decided_by` the
    proposer), so that the proposal's history reads as one list."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    from_status = models.CharField(max_length=10, choices=ProposalStatus.choices)
    to_status = models.CharField(_("decision"), max_length=10, choices=ProposalStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"))
    comment = models.TextField(_("comment"), max_length=2000)

    class Meta:
        verbose_name = _("decision on a proposal")
        verbose_name_plural = _("decisions on proposals")
        ordering = ["decided_at", "pk"]
        indexes = [
            models.Index(fields=["to_status", "decided_at"], name="proposal_decision_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.to_status}"
