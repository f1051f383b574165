"""The Django half of each promotion kind (decision 0015): for every kind the engine's registry lists
(promotions.pricing.kinds.KINDS), the module of the same name here, whose `KIND` says how the kind is read from
its rules JSON, labelled on the storefront, summed up and asked for in the seller backend. The promotions
center's rules, storefront, model choices and seller pages ask this registry and keep no table of kinds."""

from importlib import import_module

from promotions.kinds.base import PromotionKindSpec
from promotions.pricing import PromotionKind, rule_type


def _spec_of(kind: str) -> PromotionKindSpec:
    spec = import_module(f"{__name__}.{kind}").KIND
    if spec.rule is not rule_type(kind):
        raise ImportError(f"{__name__}.{kind} describes {spec.rule.__name__}, not the rule of {kind!r}")
    return spec


# Every kind, in the engine registry's order (the order a seller is offered them).
KINDS: dict[str, PromotionKindSpec] = {kind: _spec_of(kind) for kind in PromotionKind}


def kind_spec(kind: str) -> PromotionKindSpec:
    """The Django half of a kind; KeyError for a kind nobody registered."""
    return KINDS[kind]
