"""The product choice of every line form: options read as values, labelled as `str(product)`."""

from __future__ import annotations

from typing import Any

from koers.core.widgets import NamedModelChoiceField
from koers.sales.models.catalogue import PRODUCT_LABEL_FIELDS, product_label


def product_field(**kwargs: Any) -> NamedModelChoiceField:
    return NamedModelChoiceField(
        label_fields=PRODUCT_LABEL_FIELDS, label_of=product_label, **kwargs
    )
