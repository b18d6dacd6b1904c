"""Orders (orders, verkoopcontracten): a confirmed sale, from an accepted quote or entered
directly (a repeat order, or imported from the ERP), monitored until it is delivered and invoiced.

An order belongs to one account (and optionally the branch it is delivered to, an account of its
own) and is read like that account (`sales/orders/queries.py`). Its status moves only through
its lifecycle (`sales/orders/lifecycle.py`); the date of each status is kept on the order and
every move is an `OrderStatusChange`. Orders are the source of revenue and margin: each line
keeps its net amount, its cost and its product group, and the order its dates, so that the
indicators add them up in the database per account, branch, product group, owner and period.

An order made from a quote points to the accepted version (`quote_version`, `source = quote`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account
from koers.core.writes import history_user
from koers.sales.models.catalogue import Product, ProductGroup
from koers.sales.models.opportunities import Opportunity

ZERO = Decimal("0.00")


class OrderStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_DELIVERY = "in_delivery", _("In delivery")
    DELIVERED = "delivered", _("Delivered")
    INVOICED = "invoiced", _("Invoiced")
    CANCELLED = "cancelled", _("Cancelled")


# Not yet with the customer: what "late" and the list of orders to watch look at.
OPEN_ORDER_STATUSES = (OrderStatus.RECEIVED, OrderStatus.CONFIRMED, OrderStatus.IN_DELIVERY)
# Revenue: delivered or invoiced (an indicator counts these, by their delivered date).
REVENUE_STATUSES = (OrderStatus.DELIVERED, OrderStatus.INVOICED)
# The forward path, for an ERP that reports a later status than the one Koers knows.
ORDER_PATH = (
    OrderStatus.RECEIVED,
    OrderStatus.CONFIRMED,
    OrderStatus.IN_DELIVERY,
    OrderStatus.DELIVERED,
    OrderStatus.INVOICED,
)
ORDER_PATH_INDEX: dict[str, int] = {status.value: i for i, status in enumerate(ORDER_PATH)}
# The field holding the date each status was reached (received: the order date).
STATUS_DATE_FIELDS = {
    OrderStatus.RECEIVED: "ordered_on",
    OrderStatus.CONFIRMED: "confirmed_on",
    OrderStatus.IN_DELIVERY: "in_delivery_on",
    OrderStatus.DELIVERED: "delivered_on",
    OrderStatus.INVOICED: "invoiced_on",
    OrderStatus.CANCELLED: "cancelled_on",
}


class OrderSource(models.TextChoices):
    QUOTE = "quote", _("Accepted quote")
    DIRECT = "direct", _("Entered directly")
    REPEAT = "repeat", _("Repeat order")
    IMPORT = "import", _("Imported from the ERP")


class ProblemKind(models.TextChoices):
    DELAY = "delay", _("Delay")
    SHORTAGE = "shortage", _("Shortage")
    DAMAGE = "damage", _("Damage")


class Order(models.Model):
    number = models.CharField(_("order number"), max_length=30, unique=True, editable=False)
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="orders"
    )
    branch = models.ForeignKey(
        Account,
        verbose_name=_("deliver to branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="branch_orders",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    customer_reference = models.CharField(
        _("customer's order number"),
        max_length=100,
        blank=True,
        help_text=_("The customer's reference or purchase order number."),
    )
    external_number = models.CharField(
        _("ERP order number"),
        max_length=64,
        blank=True,
        help_text=_("The order's number in the ERP; importing it again updates this order."),
    )
    source = models.CharField(
        _("source"), max_length=8, choices=OrderSource.choices, default=OrderSource.DIRECT
    )
    repeats = models.ForeignKey(
        "self",
        verbose_name=_("repeats order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeated_by",
    )
    # Set when the order is made: the account had a delivered order before (003's lifetime).
    is_repeat = models.BooleanField(_("repeat order"), default=False)
    # The accepted version of the quote it came from; the UBL document refers to it.
    quote_version = models.ForeignKey(
        "sales.QuoteVersion",
        verbose_name=_("quote"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.RECEIVED
    )
    ordered_on = models.DateField(_("order date"))
    requested_on = models.DateField(_("requested delivery date"), null=True, blank=True)
    promised_on = models.DateField(_("promised delivery date"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    in_delivery_on = models.DateField(_("in delivery on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    invoiced_on = models.DateField(_("invoiced on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=2000, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)

    # A contract: its period and how long before its end the renewal is taken up.
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    renewal_notice_days = models.PositiveSmallIntegerField(
        _("renewal notice (days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(730)],
        help_text=_("How many days before the end a renewal opportunity is created."),
    )
    renewal_opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("renewal opportunity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renews_orders",
    )

    # Totals of the lines, kept equal by the services (the indicators and lists read these).
    net_total = models.DecimalField(_("net amount"), max_digits=14, decimal_places=2, default=ZERO)
    cost_total = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, default=ZERO)
    vat_total = models.DecimalField(_("VAT"), max_digits=14, decimal_places=2, default=ZERO)
    # The discount on the total of the quote the order came from; its lines' nets already
    # carry their shares (`OrderLine.discount_amount`), so the totals stay the lines' sums.
    total_discount = models.DecimalField(
        _("discount on the total"), max_digits=14, decimal_places=2, default=ZERO
    )
    # Unresolved problems, kept by the services: "orders to watch" is then an index lookup.
    open_problems = models.PositiveSmallIntegerField(_("open problems"), default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-ordered_on", "-pk"]
        indexes = [
            models.Index(fields=["account", "ordered_on"], name="order_account_date_idx"),
            models.Index(fields=["owner", "status", "promised_on"], name="order_owner_status_idx"),
            models.Index(fields=["status", "promised_on"], name="order_status_promised_idx"),
            models.Index(fields=["ordered_on", "id"], name="order_date_idx"),
            models.Index(fields=["delivered_on"], name="order_delivered_idx"),
            models.Index(fields=["contract_end"], name="order_contract_end_idx"),
            # The orders to watch: the late ones come from the status index, those with an
            # open problem (of any status) from this one (decision 135).
            models.Index(
                fields=["promised_on", "id"],
                name="order_open_problem_idx",
                condition=models.Q(open_problems__gt=0),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in OrderStatus]),
                name="order_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=[s.value for s in OrderSource]),
                name="order_source_valid",
            ),
            # One order per accepted quote version (accepting twice never makes two).
            models.UniqueConstraint(
                fields=["quote_version"],
                condition=models.Q(quote_version__isnull=False),
                name="order_quote_version_once",
            ),
            models.UniqueConstraint(
                fields=["external_number"],
                condition=~models.Q(external_number=""),
                name="order_external_number_once",
            ),
            models.CheckConstraint(
                condition=models.Q(contract_end__isnull=True)
                | models.Q(contract_start__isnull=True)
                | models.Q(contract_end__gte=models.F("contract_start")),
                name="order_contract_period",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ORDER_STATUSES

    @property
    def margin(self) -> Decimal:
        return self.net_total - self.cost_total

    @property
    def gross_total(self) -> Decimal:
        return self.net_total + self.vat_total


class OrderLine(models.Model):
    """A line of an order: a product from the catalogue (or a free line without one), its
    quantity, unit price, discount, unit cost and VAT; `net`, `cost` and `vat` are the line's
    amounts in cents (`sales/orders/lines.py`), which the order's totals and the indicators add
    up. The product group is kept on the line, so revenue per group needs no join."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    product_group = models.ForeignKey(
        ProductGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    discount = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # From a quote: a discount in euros rather than a percentage, and the line's share of the
    # quote's discount on the total; net = cents(quantity x price) - the % - this.
    discount_amount = models.DecimalField(
        _("discount (EUR)"), max_digits=14, decimal_places=2, default=ZERO
    )
    unit_cost = models.DecimalField(
        _("unit cost"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    vat_percentage = models.DecimalField(
        _("VAT (%)"), max_digits=5, decimal_places=2, default=Decimal("21")
    )
    net = models.DecimalField(_("net amount"), max_digits=14, decimal_places=2, default=ZERO)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, default=ZERO)
    vat = models.DecimalField(_("VAT"), max_digits=14, decimal_places=2, default=ZERO)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["product_group", "order"], name="order_line_group_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(discount__gte=0) & models.Q(discount__lte=100),
                name="order_line_discount_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"

    @property
    def margin(self) -> Decimal:
        return self.net - self.cost


class OrderStatusChange(models.Model):
    """One move of an order's status (its creation too, from ""): who, when, from, to."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    # Denormalised from the order: the account's timeline reads its moves from one index.
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    from_status = models.CharField(
        _("from"), max_length=12, choices=OrderStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=OrderStatus.choices)
    on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["order", "at"], name="order_status_change_idx"),
            models.Index(fields=["account", "at"], name="order_status_account_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class OrderProblem(models.Model):
    """A delay, shortage or damage on an order: recorded, told to the customer (a logged mail,
    `mail`), and resolved. While unresolved, the order is on the list of orders to watch."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="problems")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("problem"), max_length=8, choices=ProblemKind.choices)
    description = models.TextField(_("what happened"), max_length=2000)
    new_promised_on = models.DateField(_("new delivery date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))
    mail = models.ForeignKey(
        "correspondence.SentMail",
        verbose_name=_("mail to the customer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    communicated_at = models.DateTimeField(_("told the customer"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolution = models.CharField(_("how it was resolved"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("order problem")
        verbose_name_plural = _("order problems")
        ordering = ["recorded_at", "pk"]
        indexes = [
            models.Index(fields=["order", "resolved_at"], name="order_problem_idx"),
            models.Index(fields=["account", "recorded_at"], name="order_problem_account_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in ProblemKind]),
                name="order_problem_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.order_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class CustomerOrderSummary(models.Model):
    """Per account, its orders since its first one (the customer lifetime of 003): kept current
    in the same transaction as the orders that change it, and rebuilt by
    `sales.orders.services.customer_summary_rebuild`. Cancelled orders are not counted."""

    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, primary_key=True, related_name="order_summary"
    )
    first_ordered_on = models.DateField(_("first order"), null=True, blank=True)
    last_ordered_on = models.DateField(_("last order"), null=True, blank=True)
    orders = models.PositiveIntegerField(_("orders"), default=0)
    repeat_orders = models.PositiveIntegerField(_("repeat orders"), default=0)

    class Meta:
        verbose_name = _("customer order summary")
        verbose_name_plural = _("customer order summaries")

    def __str__(self) -> str:
        return f"{self.account_id}: {self.orders}"
