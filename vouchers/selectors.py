"""E-voucher reads, scoped: a member's own vouchers, a store's redemptions and its goods' terms."""

from django.db.models import Prefetch, QuerySet

from catalog.models import Spu
from members.models import User
from stores.models import Store
from vouchers.models import Redemption, Voucher, VoucherTerms


def member_vouchers(*, user: User) -> QuerySet[Voucher]:
    """The member's vouchers, the newest first, with what their page shows (stores, redemptions)."""
    return (
        Voucher.objects.filter(user=user)
        .select_related("terms__spu__store", "order")
        .prefetch_related(
            Prefetch("terms__stores", queryset=Store.objects.order_by("pk")),
            Prefetch("redemptions", queryset=Redemption.objects.select_related("store").order_by("at", "pk")),
        )
    )


def store_redemptions(*, store: Store) -> QuerySet[Redemption]:
    """The redemptions made in the store, the newest first."""
    return Redemption.objects.filter(store=store).select_related("voucher", "clerk")


def store_voucher_goods(*, store: Store) -> QuerySet[Spu]:
    """The store's own products, with their e-voucher terms where they have some."""
    terms = Prefetch("voucher_terms__stores", queryset=Store.objects.order_by("pk"))
    return Spu.objects.filter(store=store).select_related("voucher_terms").prefetch_related(terms).order_by("-id")


def terms_of(*, spu: Spu) -> VoucherTerms | None:
    return VoucherTerms.objects.filter(spu=spu).prefetch_related("stores").first()


def valid_stores(voucher: Voucher) -> list[Store]:
    """Where the voucher may be used (prefetched by member_vouchers): the chosen stores, else the selling store."""
    return list(voucher.terms.stores.all()) or [voucher.terms.spu.store]
