"""Money: Decimal to the cent, CNY, never float. The column every amount is stored in, and the one rounding rule and
one apportioning rule (`marketplace.amounts`, which imports no Django) for every app."""

from django.db import models

from marketplace.amounts import CENT, ZERO, apportion, quantize

__all__ = ["CENT", "ZERO", "MoneyField", "apportion", "quantize"]


class MoneyField(models.DecimalField):
    """An amount in yuan with two decimals. Every money column in every app is one of these."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "marketplace.money.MoneyField", args, kwargs
