"""Who may see and act on what. Every view and API endpoint of sellers, helpers and staff asks here.

- a seller acts on the partners whose `users` include them;
- a community helper acts on the partners they hold an active (unrevoked) assignment for;
- provincial staff see and moderate their own province; national staff see all provinces.
"""

from django.db.models import Q, QuerySet
from oscar.core.loading import get_model

HELPER_GROUP = "Community helpers"
STAFF_GROUP = "Provincial staff"


def staff_profile(user):
    if not user.is_authenticated:
        return None
    try:
        return user.staff_profile
    except Exception:  # RelatedObjectDoesNotExist: not staff
        return None


def is_programme_staff(user) -> bool:
    return staff_profile(user) is not None


def staff_provinces(user) -> QuerySet:
    """Provinces the user may see as staff (all for national staff, none for others)."""
    Province = get_model("regions", "Province")
    profile = staff_profile(user)
    if profile is None:
        return Province.objects.none()
    if profile.is_national:
        return Province.objects.all()
    return Province.objects.filter(code=profile.province_id)


def staff_can_see_province(user, province_code: str | None) -> bool:
    profile = staff_profile(user)
    if profile is None or province_code is None:
        return False
    return profile.is_national or profile.province_id == province_code


def is_helper(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=HELPER_GROUP).exists()


def managed_partners(user) -> QuerySet:
    """Partners this user may act for as their seller or as an assigned helper."""
    Partner = get_model("partner", "Partner")
    if not user.is_authenticated:
        return Partner.objects.none()
    return Partner.objects.filter(
        Q(users=user) | Q(helper_assignments__helper=user, helper_assignments__revoked_at__isnull=True)
    ).distinct()


def can_manage_partner(user, partner) -> bool:
    return managed_partners(user).filter(pk=partner.pk).exists()


def acts_as_helper(user, partner) -> bool:
    """True when the user acts through a helper assignment, not as the partner's own seller."""
    return not partner.users.filter(pk=user.pk).exists() and can_manage_partner(user, partner)
