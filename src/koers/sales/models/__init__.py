"""The sales app's models, one module per topic: the catalogue (groups, products, VAT rates)
and the prices (price lists, agreed prices). The opportunities of a later part go beside them."""

from koers.sales.models.catalogue import (
    CatalogueSettings,
    Product,
    ProductGroup,
    ProductKind,
    Unit,
    VatCategory,
    VatRate,
)
from koers.sales.models.prices import AgreedPrice, PriceList, PriceListItem

__all__ = [
    "AgreedPrice",
    "CatalogueSettings",
    "PriceList",
    "PriceListItem",
    "Product",
    "ProductGroup",
    "ProductKind",
    "Unit",
    "VatCategory",
    "VatRate",
]
