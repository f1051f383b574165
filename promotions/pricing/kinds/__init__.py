"""The registry of promotion kinds (decision 0015). Each kind is a module of this package, named by the kind,
whose `RULE` is its rule (pricing/rule.py says what a rule answers); the Django half of the same kind, how its rules
JSON is read and written, labelled on the storefront, summed up and asked for in the seller backend, is the module
of the same name in `promotions/kinds/`. Adding a kind is writing those two modules and naming it in KINDS."""

from enum import StrEnum
from importlib import import_module

from promotions.pricing.lanes import Lane, Level, level_of
from promotions.pricing.rule import PromotionRule

# Every kind, in the order a seller is offered them.
KINDS = (
    "item_discount",
    "full_reduction",
    "every_full_reduction",
    "bundle",
    "gift",
    "full_gift",
    "multi_buy_price",
    "multi_buy_percent",
    "add_on_purchase",
)


def _rule_of(kind: str) -> type[PromotionRule]:
    rule = import_module(f"{__name__}.{kind}").RULE
    if rule.kind != kind:
        raise ImportError(f"{__name__}.{kind} defines the rule of {rule.kind!r}")
    return rule


RULES: dict[str, type[PromotionRule]] = {kind: _rule_of(kind) for kind in KINDS}
# The API's name of each kind (a promotion's `kind`), as KINDS lists them.
PromotionKind = StrEnum("PromotionKind", [(kind.upper(), kind) for kind in KINDS])


def rule_type(kind: str) -> type[PromotionRule]:
    """The rule class of a kind; KeyError for a kind nobody registered."""
    return RULES[kind]


def exclusive_group(kind: str, store: int | None) -> tuple[Lane, Level | None]:
    """Two promotions in the same group may not share a product at the same time. The item lane is one group
    across levels (a price is cut once); the other lanes have a store group and a platform group."""
    lane = rule_type(kind).lane
    return (lane, None) if lane is Lane.ITEM else (lane, level_of(store))
