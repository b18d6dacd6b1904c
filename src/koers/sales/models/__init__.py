"""The sales app's models, one module per topic: the catalogue (groups, products, VAT rates)
and the prices (price lists, agreed prices), the opportunities (the pipeline) and the
activities worked for a deal."""

from koers.sales.models.catalogue import (
    CatalogueSettings,
    Product,
    ProductGroup,
    ProductKind,
    Unit,
    VatCategory,
    VatRate,
)
from koers.sales.models.deal_activities import DealActivity
from koers.sales.models.opportunities import (
    CLOSED_STAGES,
    OPEN_STAGES,
    Competitor,
    DealContact,
    Decision,
    LostReason,
    Opportunity,
    OpportunityLine,
    OpportunityMember,
    Source,
    Stage,
    StageChange,
    StageSetting,
)
from koers.sales.models.prices import AgreedPrice, PriceList, PriceListItem

__all__ = [
    "CLOSED_STAGES",
    "OPEN_STAGES",
    "AgreedPrice",
    "CatalogueSettings",
    "Competitor",
    "DealActivity",
    "DealContact",
    "Decision",
    "LostReason",
    "Opportunity",
    "OpportunityLine",
    "OpportunityMember",
    "PriceList",
    "PriceListItem",
    "Product",
    "ProductGroup",
    "ProductKind",
    "Source",
    "Stage",
    "StageChange",
    "StageSetting",
    "Unit",
    "VatCategory",
    "VatRate",
]
