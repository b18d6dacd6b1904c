from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.core.writes import history_user


class Tier(models.TextChoices):
    """Importance of the account to us (not the account manager's level)."""

    A = "A", _("A account")
    B = "B", _("B account")
    C = "C", _("C account")


class AccountStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    CUSTOMER = "customer", _("Customer")
    FORMER = "former", _("Former customer")


class BuyingRole(models.TextChoices):
    DECIDER = "decider", _("Decider")
    INFLUENCER = "influencer", _("Influencer")
    BUYER = "buyer", _("Buyer")
    USER = "user", _("User")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")


class Attitude(models.TextChoices):
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    CRITIC = "critic", _("Critic")


class TeamRole(models.TextChoices):
    CO_ACCOUNT_MANAGER = "co_account_manager", _("Co-account manager")
    INSIDE_SALES = "inside_sales", _("Inside sales")
    SPECIALIST = "specialist", _("Product specialist")
    SERVICE = "service", _("Service")
    MANAGER = "manager", _("Manager")


class Segment(models.Model):
    """A configurable market segment (retail, food service, SMB, ...)."""

    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            # One tag per name whatever its case, also when two people add it at once
            # (services/accounts.py: _tags_named). SQLite's lower() folds ASCII letters only.
            models.UniqueConstraint(Lower("name"), name="accounts_tag_unique_lower_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    """An organisation we sell to; a concern has branches (vestigingen) to any depth."""

    name = models.CharField(_("name"), max_length=200)
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True, db_index=True)
    establishment_number = models.CharField(
        _("establishment number"),
        max_length=12,
        blank=True,
        help_text=_("The 12-digit KvK vestigingsnummer of this branch."),
    )
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    external_id = models.CharField(_("external id"), max_length=64, blank=True, db_index=True)

    visit_street = models.CharField(_("street and number"), max_length=200, blank=True)
    visit_postcode = models.CharField(_("postcode"), max_length=16, blank=True, db_index=True)
    visit_city = models.CharField(_("city"), max_length=100, blank=True, db_index=True)
    visit_country = models.CharField(_("country"), max_length=2, default="NL")
    postal_street = models.CharField(_("postal address"), max_length=200, blank=True)
    postal_postcode = models.CharField(_("postal postcode"), max_length=16, blank=True)
    postal_city = models.CharField(_("postal city"), max_length=100, blank=True)
    postal_country = models.CharField(_("postal country"), max_length=2, default="NL")

    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    segment = models.ForeignKey(
        Segment,
        verbose_name=_("segment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
    )
    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices, default=Tier.C)
    status = models.CharField(
        _("status"), max_length=10, choices=AccountStatus.choices, default=AccountStatus.PROSPECT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.PROTECT,
        related_name="owned_accounts",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The top of the chain: fetching a whole tree is then one query, whatever its depth.
    root = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="accounts")
    notes = models.TextField(_("notes"), blank=True)

    # Optimistic locking: a save on an older version is refused (see services.account_update).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "root"], get_user=history_user)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["owner", "name"]),
            models.Index(fields=["root"]),
            models.Index(fields=["name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tier__in=["A", "B", "C"]), name="account_tier_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["prospect", "customer", "former"]),
                name="account_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="account_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_branch(self) -> bool:
        return self.parent_id is not None


class AccountTeamMember(models.Model):
    """A colleague serving an account together with its account manager."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="team_members", verbose_name=_("account")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_teams",
        verbose_name=_("colleague"),
    )
    role = models.CharField(_("role on this account"), max_length=20, choices=TeamRole.choices)

    class Meta:
        verbose_name = _("account team member")
        verbose_name_plural = _("account team members")
        constraints = [
            models.UniqueConstraint(fields=["account", "user"], name="account_team_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Contact(models.Model):
    """A person at one or more accounts over time."""

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    mobile = models.CharField(_("mobile"), max_length=32, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="nl"
    )
    personal_interests = models.TextField(
        _("personal interests"),
        blank=True,
        help_text=_("Hobbies, family, what matters to this person: for relationship care."),
    )
    mailing_consent = models.BooleanField(_("consent for mailings"), default=False)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_source = models.CharField(_("consent source"), max_length=200, blank=True)
    opted_out = models.BooleanField(_("opted out"), default=False)
    opted_out_at = models.DateField(_("opted out on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Set by `contact_erase` (AVG): the contact is anonymised and no longer named anywhere.
    erased_at = models.DateTimeField(_("erased on"), null=True, blank=True, editable=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            # The contact list's order: lets a page stop after its rows instead of sorting
            # every readable contact (docs/performance.md, finding 9).
            models.Index(Lower("last_name"), Lower("first_name"), "id", name="contact_name_order"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def may_receive_mailings(self) -> bool:
        return self.mailing_consent and not self.opted_out


class Position(models.Model):
    """A contact working at an account, from a date until a date, with a role in its DMU."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="positions", verbose_name=_("contact")
    )
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="positions", verbose_name=_("account")
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    buying_role = models.CharField(
        _("buying role"), max_length=12, choices=BuyingRole.choices, blank=True
    )
    attitude = models.CharField(
        _("attitude"), max_length=10, choices=Attitude.choices, default=Attitude.NEUTRAL
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["account__name", "-start_date"]
        indexes = [models.Index(fields=["account", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="position_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    buying_role__in=["", "decider", "influencer", "buyer", "user", "gatekeeper"]
                ),
                name="position_buying_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} @ {self.account}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class ExportFormat(models.TextChoices):
    JSON = "json", _("JSON file")
    HTML = "html", _("Readable page")


class PersonalDataExport(models.Model):
    """One read of a contact's personal-data export (AVG): who read which contact, in which
    format, when. Kept when the contact is erased or deleted; from then on it names the contact
    only by `contact_number`, its id (docs/decisions.md)."""

    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    contact_number = models.PositiveBigIntegerField(_("contact id"), db_index=True)
    # PROTECT: who read personal data is the point of the log; users are deactivated instead.
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exported by"),
    )
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    exported_at = models.DateTimeField(_("exported at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-exported_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=["json", "html"]),
                name="personal_data_export_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_number} {self.format} {self.exported_at:%Y-%m-%d %H:%M}"
