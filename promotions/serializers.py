"""The pricing engine's breakdown as the API writes it (API.md's checkout preview). The engine is pure and knows
nothing of HTTP: this is its Django half's presenter, used by the checkout preview and the checkout page."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.amounts import money_text
from marketplace.api.serializers import MoneyField
from promotions.pricing.breakdown import CartBreakdown, LineBreakdown, Source, StoreBreakdown, promotions_of


class LineBreakdownSerializer(serializers.Serializer):
    """A priced line: its amounts, what each source took off, what stored value pays, and whether it counts."""

    line = serializers.IntegerField(source="line_id", allow_null=True)
    sku = serializers.IntegerField()
    quantity = serializers.IntegerField()
    unit_price = MoneyField()
    amount = MoneyField()
    promotion_discount = MoneyField()
    coupon_discount = MoneyField()
    points_discount = MoneyField()
    payable = MoneyField()
    stored_value = MoneyField()
    gift = serializers.BooleanField()
    valid = serializers.BooleanField()
    reason = serializers.CharField()


class PromotionGivenSerializer(serializers.Serializer):
    """A promotion with its name and what it took off a store's lines (a gift's is 0.00)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    discount = MoneyField()


class CouponGivenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    discount = MoneyField()


def promotions_given(store: StoreBreakdown) -> list[dict]:
    """The promotions a store's lines got something from, in the order they were first applied, with their names."""
    return [
        {"id": pid, "name": store.promotion_names.get(pid, ""), "discount": amount}
        for pid, amount in promotions_of(store.lines).items()
    ]


class PlayGivenSerializer(serializers.Serializer):
    """A marketing play (a flash-sale session) with its kind and what it took off a store's lines."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    discount = MoneyField()


def plays_given(store: StoreBreakdown) -> list[dict]:
    given: dict[tuple[str, int], object] = {}
    for line in store.valid_lines:
        for part in line.components:
            if part.source is Source.PLAY:
                key = (part.kind, part.source_id)
                given[key] = given.get(key, 0) + part.amount
    return [{"id": sid, "kind": kind, "discount": amount} for (kind, sid), amount in given.items()]


class StoreBreakdownSerializer(serializers.Serializer):
    store = serializers.IntegerField()
    lines = LineBreakdownSerializer(many=True)
    promotions = serializers.SerializerMethodField()
    plays = serializers.SerializerMethodField()
    coupons = serializers.SerializerMethodField()
    subtotal = MoneyField()
    discount = MoneyField()
    freight = MoneyField()
    payable = MoneyField()
    stored_value = MoneyField()
    cash_payable = MoneyField()

    @extend_schema_field(PromotionGivenSerializer(many=True))
    def get_promotions(self, store: StoreBreakdown) -> list[dict]:
        return PromotionGivenSerializer(promotions_given(store), many=True).data

    @extend_schema_field(PlayGivenSerializer(many=True))
    def get_plays(self, store: StoreBreakdown) -> list[dict]:
        return PlayGivenSerializer(plays_given(store), many=True).data

    @extend_schema_field(CouponGivenSerializer(many=True))
    def get_coupons(self, store: StoreBreakdown) -> list[dict]:
        given = [{"id": cid, "discount": amount} for cid, amount in store.discount_by(Source.COUPON).items()]
        return CouponGivenSerializer(given, many=True).data


class UnusableCouponSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()


class CouponReportSerializer(serializers.Serializer):
    applied = serializers.ListField(child=serializers.IntegerField())
    usable = serializers.ListField(child=serializers.IntegerField())
    unusable = serializers.SerializerMethodField()

    @extend_schema_field(UnusableCouponSerializer(many=True))
    def get_unusable(self, report) -> list[dict]:
        unusable = [{"id": cid, "reason": reason} for cid, reason in report.unusable]
        return UnusableCouponSerializer(unusable, many=True).data


class PointsUseSerializer(serializers.Serializer):
    used = serializers.IntegerField()
    discount = MoneyField()


class StoredValueUseSerializer(serializers.Serializer):
    balance = MoneyField()
    used = MoneyField()


class PricingWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    coupon = serializers.IntegerField(allow_null=True)


class CartBreakdownSerializer(serializers.Serializer):
    """The whole breakdown: stores with their lines, the coupon picker's lists, points, stored value, totals and
    warnings."""

    stores = StoreBreakdownSerializer(many=True)
    coupons = CouponReportSerializer()
    points = PointsUseSerializer()
    stored_value = StoredValueUseSerializer()
    subtotal = MoneyField()
    discount = MoneyField()
    freight = MoneyField()
    payable = MoneyField()
    cash_payable = MoneyField()
    warnings = PricingWarningSerializer(many=True)


def breakdown_data(breakdown: CartBreakdown) -> dict:
    """What `CartBreakdownSerializer(breakdown).data` gives, written directly: the serializers above are the
    schema, and a property test holds this to them over generated carts. Drawn through DRF, a preview's answer
    cost a sixth of its CPU (a field object's lookups and calls per value, for a hundred values)."""
    return {
        "stores": [_store_data(store) for store in breakdown.stores],
        "coupons": {
            "applied": list(breakdown.coupons.applied),
            "usable": list(breakdown.coupons.usable),
            "unusable": [{"id": cid, "reason": str(reason)} for cid, reason in breakdown.coupons.unusable],
        },
        "points": {"used": breakdown.points.used, "discount": money_text(breakdown.points.discount)},
        "stored_value": {
            "balance": money_text(breakdown.stored_value.balance),
            "used": money_text(breakdown.stored_value.used),
        },
        "subtotal": money_text(breakdown.subtotal),
        "discount": money_text(breakdown.discount),
        "freight": money_text(breakdown.freight),
        "payable": money_text(breakdown.payable),
        "cash_payable": money_text(breakdown.cash_payable),
        "warnings": [
            {"code": str(warning.code), "detail": str(warning.detail), "coupon": warning.coupon}
            for warning in breakdown.warnings
        ],
    }


def _store_data(store: StoreBreakdown) -> dict:
    return {
        "store": store.store,
        "lines": [_line_data(line) for line in store.lines],
        "promotions": [{**given, "discount": money_text(given["discount"])} for given in promotions_given(store)],
        "plays": [{**given, "discount": money_text(given["discount"])} for given in plays_given(store)],
        "coupons": [
            {"id": cid, "discount": money_text(amount)} for cid, amount in store.discount_by(Source.COUPON).items()
        ],
        "subtotal": money_text(store.subtotal),
        "discount": money_text(store.discount),
        "freight": money_text(store.freight),
        "payable": money_text(store.payable),
        "stored_value": money_text(store.stored_value),
        "cash_payable": money_text(store.cash_payable),
    }


def _line_data(line: LineBreakdown) -> dict:
    return {
        "line": line.line_id,
        "sku": line.sku,
        "quantity": line.quantity,
        "unit_price": money_text(line.unit_price),
        "amount": money_text(line.amount),
        "promotion_discount": money_text(line.promotion_discount),
        "coupon_discount": money_text(line.coupon_discount),
        "points_discount": money_text(line.points_discount),
        "payable": money_text(line.payable),
        "stored_value": money_text(line.stored_value),
        "gift": line.gift,
        "valid": line.valid,
        "reason": str(line.reason),
    }
