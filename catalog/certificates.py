"""OCOP certificate rules, as plain functions over plain values.

A certificate is valid 36 months from its decision date. Its state, in order of precedence:
revoked (staff withdrew it) > expired (past valid_until) > expiring (90 days or fewer left) > active.
Only an *awarded* certificate that is active or expiring puts a star in front of buyers; a
*proposed* one ("đề nghị 5★") is shown as such and never as an awarded star.

A certificate a seller uploads waits for staff verification: while it is pending, or once staff
rejected it, it shows nothing to buyers. Objects without a `verification` attribute (plain
values in tests, data loaded by staff) count as verified.
"""

import datetime

from dateutil.relativedelta import relativedelta

VALIDITY = relativedelta(months=36)
EXPIRING_WINDOW_DAYS = 90

ACTIVE, EXPIRING, EXPIRED, REVOKED = "active", "expiring", "expired", "revoked"
SHOWS_STAR = {ACTIVE, EXPIRING}
VERIFIED = "verified"


def valid_until(decision_date: datetime.date) -> datetime.date:
    return decision_date + VALIDITY


def state(cert, today: datetime.date) -> str:
    if cert.revoked_at is not None:
        return REVOKED
    end = cert.valid_until or valid_until(cert.decision_date)
    if today > end:
        return EXPIRED
    if (end - today).days <= EXPIRING_WINDOW_DAYS:
        return EXPIRING
    return ACTIVE


def is_verified(cert) -> bool:
    return getattr(cert, "verification", VERIFIED) == VERIFIED


def displayed_certificate(certs, today: datetime.date):
    """The verified, awarded, unexpired, unrevoked certificate with the most stars (newest on a tie)."""
    shown = [c for c in certs if c.status == "awarded" and is_verified(c) and state(c, today) in SHOWS_STAR]
    if not shown:
        return None
    return max(shown, key=lambda c: (c.stars, c.decision_date))


def proposed_certificate(certs, today: datetime.date):
    """A pending proposal above the awarded level, e.g. a 4★ product proposed for 5★."""
    pending = [c for c in certs if c.status == "proposed" and is_verified(c) and state(c, today) in SHOWS_STAR]
    return max(pending, key=lambda c: c.stars) if pending else None
