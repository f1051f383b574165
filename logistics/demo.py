"""Demo freight templates for every store (manage.py seed_demo): free shipping, and by piece with regional
rates, free over 99 yuan, no delivery to Hong Kong, Macau and Taiwan. And the carriers sellers ship with."""

from decimal import Decimal

from logistics import services
from logistics.models import Carrier, FreightTemplate
from marketplace.models import Region

REMOTE = ["540000", "650000", "630000"]  # Tibet, Xinjiang, Qinghai
OFFSHORE = ["710000", "810000", "820000"]  # Taiwan, Hong Kong, Macau

# Per-parcel limits of each carrier's standard service, rounded (a real contract states its own):
# (code, name, grams, mm³).
CARRIERS = [
    ("SF", "顺丰速运", 50_000, 300_000_000),  # 50 kg, 0.3 m³
    ("ZTO", "中通快递", 40_000, 200_000_000),  # 40 kg, 0.2 m³
    ("JD", "京东物流", 60_000, 1_000_000_000),  # 60 kg, 1 m³: also carries large appliances
]


def seed(demo: dict) -> None:
    demo["carriers"] = {
        code: Carrier.objects.update_or_create(
            code=code, defaults={"name": name, "max_weight_g": grams, "max_volume_mm3": volume}
        )[0]
        for code, name, grams, volume in CARRIERS
    }
    demo["freight_templates"] = {}
    for key, store in demo["stores"].items():
        owner = store.memberships.get(role="owner").user
        free = _template(store, owner, name="包邮", basis="free", rates=[], free_shipping=[])
        standard = _template(
            store,
            owner,
            name="标准快递",
            basis="piece",
            rates=[
                services.RateInput(Decimal(1), Decimal("8.00"), Decimal(1), Decimal("2.00")),
                services.RateInput(
                    Decimal(1),
                    Decimal("18.00"),
                    Decimal(1),
                    Decimal("6.00"),
                    list(Region.objects.filter(code__in=REMOTE)),
                ),
            ],
            free_shipping=[services.FreeShippingInput(min_amount=Decimal("99.00"))],
        )
        demo["freight_templates"][key] = {"free": free, "standard": standard}


def _template(store, owner, *, name, basis, rates, free_shipping) -> FreightTemplate:
    existing = FreightTemplate.objects.filter(store=store, name=name).first()
    if existing:
        return existing
    return services.freight_template_save(
        store=store,
        by=owner,
        name=name,
        basis=basis,
        rates=rates,
        free_shipping=free_shipping,
        undeliverable=list(Region.objects.filter(code__in=OFFSHORE)),
    )
