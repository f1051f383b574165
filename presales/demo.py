"""Demo presales (manage.py seed_demo): the digital store's presale in its deposit window for 20 days from the seed
(deposit 10% of the price counting for three times as much), its balance window the 10 days after, so that the home
page and /presale/ show one to pay a deposit on. Made good at every seed: when none takes deposits any more, a new
one is published."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.models import Sku, SpuStatus
from marketplace.money import quantize
from presales.selectors import taking_deposits
from presales.services import PresaleInput, presale_create, presale_publish


def seed(demo: dict) -> None:
    now = timezone.now()
    if taking_deposits(now=now).exists():
        return
    store = demo["stores"]["sz"]
    sku = (
        Sku.objects.filter(store=store, is_active=True, spu__status=SpuStatus.ON_SHELF, price__gte=100)
        .order_by("-price", "id")
        .first()
    )
    if sku is None:
        return
    owner = store.memberships.get(role="owner").user
    deposit = quantize(sku.price * Decimal("0.1"))
    values = PresaleInput(
        name="新品定金预售 · 定金翻三倍",
        sku_id=sku.pk,
        deposit=deposit,
        counted=deposit * 3,
        per_member_limit=2,
        deposit_starts_at=now - timedelta(minutes=5),
        deposit_ends_at=now + timedelta(days=20),
        balance_starts_at=now + timedelta(days=20),
        balance_ends_at=now + timedelta(days=30),
    )
    presale_publish(presale=presale_create(store=store, by=owner, values=values), by=owner)
