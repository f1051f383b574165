"""The permissions each platform role's group holds. Kept in sync by a migration and after every migrate."""

from members.models import Role

# app label -> the permission actions the role has on every model of that app (an action is a codename's first
# word: "view" grants view_order, view_refund ...; "arbitrate" the one custom permission arbitrate_refund).
ALL = ("add", "change", "delete", "view")
VIEW = ("view",)
ROLE_PERMISSIONS: dict[Role, dict[str, tuple[str, ...]]] = {
    Role.OPERATOR: {
        "marketplace": ALL,  # the home page's banners (and the regions' reference data)
        "members": ALL,
        "stores": ALL,
        "catalog": ALL,
        "logistics": ALL,
        "promotions": ALL,
        "coupons": ALL,
        "flashsales": ALL,  # the platform's flash-sale sessions
        "groupbuys": ALL,  # the platform's group buys (groups and members change only through their services)
        "auctions": ALL,  # the platform's auctions
        "presales": ALL,  # the platform's presales (deposits change only through their services)
        # Orders change only through their services, never by hand in the admin; operators arbitrate refunds.
        "orders": (*VIEW, "arbitrate"),
        "settlement": VIEW,
        # Reviews change only through their services: operators approve what the word filter held and hide.
        "reviews": ("view", "change"),
        # Companies are registered by their buyers and change through their services: operators review them.
        "companies": ("view", "change"),
        "axes": ALL,
    },
    Role.FINANCE: {
        "settlement": ALL,
        "orders": VIEW,
        "stores": VIEW,
    },
}


def sync_role_groups(group_model, permission_model) -> None:
    """Create each role's group and grant exactly the permissions listed above (idempotent)."""
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role.value)
        wanted = permission_model.objects.none()
        for app_label, actions in grants.items():
            wanted = wanted | permission_model.objects.filter(
                content_type__app_label=app_label,
                codename__regex=rf"^({'|'.join(actions)})_",
            )
        group.permissions.set(wanted)
