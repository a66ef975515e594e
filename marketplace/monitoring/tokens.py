"""IOC API tokens: staff issue them for a province they cover (national staff also for the whole
country) and revoke them. The key is shown once; only its SHA-256 is kept."""

import datetime
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.monitoring.models import IocToken, hash_token
from marketplace.sellers import roles

KEY_PREFIX = "ioc_"
TOUCH_EVERY = datetime.timedelta(minutes=5)  # how stale `last_used_at` may be (spares a write per request)


def tokens_for(staff):
    """The tokens a staff member may see and revoke: their province's (every one for national staff)."""
    profile = roles.staff_profile(staff)
    if profile is None:
        return IocToken.objects.none()
    tokens = IocToken.objects.select_related("province", "created_by")
    return tokens if profile.is_national else tokens.filter(province_id=profile.province_id)


def issue_token(*, staff, name: str, province) -> tuple[IocToken, str]:
    """A new token; returns it and its key (the only time the key exists in clear)."""
    profile = roles.staff_profile(staff)
    if profile is None:
        raise PermissionDenied
    if province is None and not profile.is_national:
        raise PermissionDenied
    if province is not None and not roles.staff_can_see_province(staff, province.code):
        raise PermissionDenied
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the token a name that says who uses it."))
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = IocToken.objects.create(
        name=name[:100], province=province, prefix=prefix, key_hash=hash_token(key), created_by=staff
    )
    return token, key


def revoke_token(*, staff, token: IocToken) -> IocToken:
    with transaction.atomic():
        # of=self: the related province/creator rows are nullable outer joins, which PostgreSQL cannot lock.
        locked = tokens_for(staff).select_for_update(of=("self",)).filter(pk=token.pk).first()
        if locked is None:
            raise PermissionDenied
        if locked.revoked_at is None:
            locked.revoked_at, locked.revoked_by = timezone.now(), staff
            locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked


def authenticate(key: str) -> IocToken | None:
    """The active token this key belongs to, or None."""
    if not key.startswith(KEY_PREFIX) or key.count("_") < 2:
        return None
    prefix = key[len(KEY_PREFIX) :].split("_", 1)[0]
    token = IocToken.objects.filter(prefix=prefix, revoked_at__isnull=True).select_related("province").first()
    if token is None or not hmac.compare_digest(token.key_hash, hash_token(key)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        IocToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
