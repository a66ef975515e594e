"""The audit trail of actions taken on a shop by someone other than its own seller."""

from .models import AuditEntry
from .roles import acts_as_helper, is_programme_staff


def _write(*, actor, partner, action: str, obj=None, summary: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        partner=partner,
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:255],
    )


def record(*, actor, partner, action: str, obj=None, summary: str = "") -> AuditEntry | None:
    """Write an entry when a helper (or staff) acts on `partner`; the seller's own actions are not logged.

    Call it inside the same transaction as the change, so the trail never lies about what happened.
    """
    if not (acts_as_helper(actor, partner) or is_programme_staff(actor)):
        return None
    return _write(actor=actor, partner=partner, action=action, obj=obj, summary=summary)


def record_access_change(*, actor, partner, action: str, obj=None, summary: str = "") -> AuditEntry:
    """Always write: who may act for a shop (a helper given or revoked) belongs in its trail even
    when the seller made the change, so the household sees when access ended."""
    return _write(actor=actor, partner=partner, action=action, obj=obj, summary=summary)
