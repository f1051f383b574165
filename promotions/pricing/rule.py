"""What every promotion kind's rule is to the engine. A kind is one frozen dataclass, its rule, in a module of
promotions/pricing/kinds/: it says its name (`kind`, the API's), the exclusive group it competes in (`lane`),
which cart lines it covers, what it gives them, and the SKUs it names. The engine asks the rule and keeps no table
of kinds."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from promotions.pricing.lanes import Lane

if TYPE_CHECKING:
    from promotions.pricing.award import Award
    from promotions.pricing.ledger import LineState
    from promotions.pricing.types import CartLine, GoodsScope, Promotion


class PromotionRule:
    """The base of every kind's rule. Item-lane rules cut each unit's price (`unit_discount`), one per line; the
    other lanes' rules are offered the lines still free in their group and say what they would give
    (`evaluate`, None for nothing), the engine granting the best offer first."""

    kind: ClassVar[str]
    lane: ClassVar[Lane]

    def covers(self, line: CartLine, scope: GoodsScope) -> bool:
        """Whether the promotion takes part in this line's price: by default, the line is in its goods scope."""
        return scope.covers(line)

    def named_skus(self) -> frozenset[int]:
        """The SKUs the rule itself names (bundle items, gifts, add-on items), which a store must own."""
        return frozenset()

    def unit_discount(self, unit_price: Decimal) -> Decimal:
        """Item lane: what comes off one unit of `unit_price`."""
        raise NotImplementedError(f"{self.kind} runs in the {self.lane} lane, not the item lane")

    def evaluate(self, promotion: Promotion, lines: list[LineState]) -> Award | None:
        """Order, gift and add-on lanes: what the promotion would give `lines` (those still free in its group)."""
        raise NotImplementedError(f"{self.kind} runs in the item lane")
