"""The cart page's form: what a line's buttons send; the cart services decide what it may do."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.query import MAX_ID
from orders.models import MAX_QUANTITY


class FirstErrorMixin:
    def first_error(self) -> str:
        """For forms whose page shows one message (a cart line's buttons): the first problem found."""
        for errors in self.errors.values():
            return str(errors[0])
        return str(_("Invalid input."))


class CartLineForm(FirstErrorMixin, forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("quantity", "select", "deselect", "promotion", "remove")],
        error_messages={"invalid_choice": _("Unknown action.")},
    )
    quantity = forms.IntegerField(
        min_value=1,
        max_value=MAX_QUANTITY,
        required=False,
        error_messages={
            "min_value": _("The quantity is at least 1; use Remove to take the line out."),
            "max_value": _("At most %(limit_value)s of one item."),
            "invalid": _("Type the quantity as a whole number."),
        },
    )
    promotion = forms.IntegerField(min_value=1, required=False)  # empty: let the engine choose the best

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "quantity" and cleaned.get("quantity") is None and "quantity" not in self.errors:
            self.add_error("quantity", _("Type the quantity as a whole number."))
        return cleaned


class CartAddForm(FirstErrorMixin, forms.Form):
    """The product page's form: a SKU and how many (its "add to cart" and "buy now" buttons)."""

    sku = forms.IntegerField(min_value=1, max_value=MAX_ID, error_messages={"required": _("Choose the item.")})
    store = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)  # the store the product page sells for
    quantity = forms.IntegerField(
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages={
            "min_value": _("The quantity is at least 1."),
            "max_value": _("At most %(limit_value)s of one item."),
            "invalid": _("Type the quantity as a whole number."),
        },
    )
