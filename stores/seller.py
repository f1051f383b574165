"""The base of every seller API view, in every app: the caller's store is `self.store`."""

from rest_framework.views import APIView

from stores.models import Store, StoreMembership
from stores.permissions import IsStoreStaff
from stores.selectors import membership_of


class SellerAPIView(APIView):
    """Store staff only (narrow with IsStoreManager / IsStoreOwner). Querysets go through
    `stores.selectors.for_store(..., self.store)`, so another store's object is simply not found (404)."""

    permission_classes = [IsStoreStaff]

    @property
    def membership(self) -> StoreMembership:
        return membership_of(self.request.user)

    @property
    def store(self) -> Store:
        return self.membership.store
