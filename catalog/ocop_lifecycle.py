"""The life of an OCOP certificate on the marketplace: upload, staff check, reminders, expiry, revocation.

    seller/helper uploads ──> pending ──verify──> verified ──(valid_until passes)──> expired
                                 │                   │
                                 └──reject──> rejected └──revoke (reason)──> revoked

Only a verified, awarded, unexpired, unrevoked certificate shows a star (catalog/certificates.py).
Staff act only on producers of their own province (national staff on all). The daily jobs claim
each message with a conditional UPDATE before sending it, so running a job twice, or on two
workers at once, never texts a seller twice.
"""

import datetime
import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import DateTimeField, Exists, OuterRef, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import certificates
from catalog.models import CertificateStatus, CertificateVerification, IssuingLevel, OcopCertificate
from catalog.ocop_notifications import notify_seller
from catalog.photos import PhotoRejected, clean_photo_bytes
from marketplace.sellers import audit, roles

logger = logging.getLogger("catalog.ocop")

MAX_PDF_BYTES = 10 * 1024 * 1024
REMINDER_DAYS = (30, 90)  # the most urgent first: a certificate 20 days from its end gets one message, not two


class CertificateRefused(ValidationError):
    """An upload or a staff action we refuse; `message` is text for the person who asked, in their language."""

    def __init__(self, message, code="certificate_refused"):
        super().__init__(message, code=code)


# --- the document ------------------------------------------------------------------------------
def _document_bytes(file) -> tuple[bytes, str]:
    """(content, extension) of a certificate scan: a PDF as sent, or a photo cleaned of its metadata."""
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head == b"%PDF-":
        data = file.read(MAX_PDF_BYTES + 1)
        if len(data) > MAX_PDF_BYTES:
            raise CertificateRefused(
                gettext_lazy("The PDF is larger than %(mb)d MB.") % {"mb": MAX_PDF_BYTES // (1024 * 1024)}
            )
        # Every complete PDF ends with %%EOF (possibly followed by a newline or padding).
        if b"%%EOF" not in data[-2048:]:
            raise CertificateRefused(gettext_lazy("The PDF is damaged or incomplete. Please send it again."))
        return data, "pdf"
    try:
        jpeg, _size = clean_photo_bytes(file)
    except PhotoRejected as exc:
        raise CertificateRefused(
            gettext_lazy("The certificate must be a PDF or a photo (JPEG, PNG, WebP, HEIC). %(reason)s")
            % {"reason": exc.message}
        ) from exc
    return jpeg, "jpg"


def _check_fields(*, stars, status, decision_number, decision_date, issuing_level, today) -> str:
    if stars not in (3, 4, 5):
        raise CertificateRefused(gettext_lazy("OCOP certificates have 3, 4 or 5 stars."))
    if status not in CertificateStatus.values or issuing_level not in IssuingLevel.values:
        raise CertificateRefused(gettext_lazy("Choose the certificate's status and issuing level from the list."))
    number = (decision_number or "").strip()
    if not number or len(number) > 64:
        raise CertificateRefused(gettext_lazy("Enter the decision number as printed on the certificate."))
    if not isinstance(decision_date, datetime.date) or decision_date > today:
        raise CertificateRefused(gettext_lazy("The decision date cannot be in the future."))
    if certificates.valid_until(decision_date) < today:
        raise CertificateRefused(gettext_lazy("This certificate has already expired; upload the renewed one."))
    return number


def upload_certificate(*, product, actor, file, stars, status, decision_number, decision_date, issuing_level):
    """A seller (or their helper) uploads a certificate; it waits, starless, for staff verification."""
    if product.producer is None or not roles.can_manage_partner(actor, product.producer):
        raise PermissionDenied
    number = _check_fields(
        stars=stars,
        status=status,
        decision_number=decision_number,
        decision_date=decision_date,
        issuing_level=issuing_level,
        today=timezone.localdate(),
    )
    data, ext = _document_bytes(file)  # before the transaction: a refused file stores nothing
    with transaction.atomic():
        cert = OcopCertificate(
            product=product,
            stars=stars,
            status=status,
            decision_number=number,
            decision_date=decision_date,
            issuing_level=issuing_level,
            verification=CertificateVerification.PENDING,
            uploaded_by=actor,
        )
        # Our own name: the uploader's may hold a person's name or be hostile.
        cert.document.save(f"{product.pk}-{uuid.uuid4().hex[:16]}.{ext}", ContentFile(data), save=False)
        try:
            cert.save()
            audit.record(
                actor=actor,
                partner=product.producer,
                action="ocop.certificate_uploaded",
                obj=cert,
                summary=f"{product.title}: {stars}★ {number}",
            )
        except BaseException:
            cert.document.delete(save=False)
            raise
    return cert


# --- staff ----------------------------------------------------------------------------------------
def certificates_for_staff(user):
    """Certificates of producers in the provinces this staff member covers (none for non-staff)."""
    profile = roles.staff_profile(user)
    if profile is None:
        return OcopCertificate.objects.none()
    qs = OcopCertificate.objects.select_related("product__producer__commune__province", "uploaded_by")
    if profile.is_national:
        return qs
    return qs.filter(product__producer__commune__province=profile.province_id)


def _locked_for_staff(certificate, staff):
    """The certificate re-read under a row lock, after checking that `staff` covers its province."""
    producer = certificate.product.producer
    province = producer.commune.province_id if producer is not None and producer.commune_id else None
    if not roles.staff_can_see_province(staff, province):
        raise PermissionDenied
    return (
        OcopCertificate.objects.select_for_update(of=("self",))
        .select_related("product__producer")
        .get(pk=certificate.pk)
    )


def _describe(cert) -> dict:
    return {"number": cert.decision_number, "stars": cert.stars, "product": cert.product.title[:40]}


def _tell_seller(cert, message_id: str, text_fn) -> None:
    # Sellers read Vietnamese whatever language the staff member's browser asked for.
    with translation.override("vi"):
        text = text_fn()
    notify_seller(cert.product.producer, text, reference=f"ocop-{cert.pk}-{message_id}")


def verify_certificate(*, certificate, staff):
    """Staff of the producer's province confirm the certificate: its star shows from now on."""
    with transaction.atomic():
        cert = _locked_for_staff(certificate, staff)
        if cert.verification == CertificateVerification.VERIFIED:
            raise CertificateRefused(gettext_lazy("This certificate is already verified."))
        if cert.revoked_at is not None:  # revocation is final; a new decision comes as a new upload
            raise CertificateRefused(gettext_lazy("This certificate is already revoked."))
        cert.verification = CertificateVerification.VERIFIED
        cert.verified_by, cert.verified_at, cert.rejection_note = staff, timezone.now(), ""
        cert.save(update_fields=["verification", "verified_by", "verified_at", "rejection_note"])
        audit.record(
            actor=staff, partner=cert.product.producer, action="ocop.certificate_verified", obj=cert, summary=str(cert)
        )
        _tell_seller(
            cert,
            f"verified-{cert.verified_at:%Y%m%d%H%M%S}",
            lambda: (
                _(
                    "OCOP certificate %(number)s (%(stars)d★) for %(product)s is verified; the star now shows on your product."
                )
                % _describe(cert)
            ),
        )
    return cert


def reject_certificate(*, certificate, staff, note):
    """Staff refuse an uploaded certificate, saying why; the seller is told and may upload again."""
    note = (note or "").strip()
    if not note:
        raise CertificateRefused(gettext_lazy("Say why the certificate is rejected: the seller will read it."))
    with transaction.atomic():
        cert = _locked_for_staff(certificate, staff)
        if cert.verification != CertificateVerification.PENDING:
            raise CertificateRefused(gettext_lazy("Only a certificate waiting for verification can be rejected."))
        cert.verification = CertificateVerification.REJECTED
        cert.verified_by, cert.verified_at, cert.rejection_note = staff, timezone.now(), note
        cert.save(update_fields=["verification", "verified_by", "verified_at", "rejection_note"])
        audit.record(
            actor=staff, partner=cert.product.producer, action="ocop.certificate_rejected", obj=cert, summary=note
        )
        _tell_seller(
            cert,
            "rejected",
            lambda: (
                _("OCOP certificate %(number)s for %(product)s was not accepted: %(note)s")
                % {**_describe(cert), "note": note[:120]}
            ),
        )
    return cert


def revoke_certificate(*, certificate, staff, reason):
    """Staff withdraw a certificate (e.g. the council withdrew the decision); the star goes at once."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateRefused(gettext_lazy("A revocation needs a reason."))
    with transaction.atomic():
        cert = _locked_for_staff(certificate, staff)
        if cert.revoked_at is not None:
            raise CertificateRefused(gettext_lazy("This certificate is already revoked."))
        if cert.verification != CertificateVerification.VERIFIED:
            raise CertificateRefused(
                gettext_lazy("Only a verified certificate can be revoked; reject a waiting one instead.")
            )
        cert.revoked_at, cert.revoked_reason, cert.revoked_by = timezone.now(), reason, staff
        # save(), not update(): the search signals see the change and reindex the product.
        cert.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        audit.record(
            actor=staff, partner=cert.product.producer, action="ocop.certificate_revoked", obj=cert, summary=reason
        )
        _tell_seller(
            cert,
            "revoked",
            lambda: (
                _("OCOP certificate %(number)s for %(product)s was revoked: %(reason)s. The star no longer shows.")
                % {**_describe(cert), "reason": reason[:120]}
            ),
        )
    return cert


# --- the daily jobs ---------------------------------------------------------------------------
def _star_certificates():
    return OcopCertificate.objects.filter(
        status=CertificateStatus.AWARDED, verification=CertificateVerification.VERIFIED, revoked_at__isnull=True
    )


def _renewed():
    """A later certificate of the same product with at least as many stars: the old one's end is no news."""
    return _star_certificates().filter(
        product=OuterRef("product"), valid_until__gt=OuterRef("valid_until"), stars__gte=OuterRef("stars")
    )


def send_expiry_reminders(today: datetime.date) -> dict:
    """Remind sellers 90 and 30 days before a shown certificate ends; each reminder goes out once.

    Catches up after missed days: a certificate 85 days from its end that got no 90-day reminder
    gets it now; one within 30 days gets only the 30-day reminder.
    """
    now = timezone.now()
    sent = {}
    live = _star_certificates().filter(valid_until__gte=today).exclude(Exists(_renewed()))
    for days in REMINDER_DAYS:
        field = f"reminded_{days}_at"
        due = live.filter(valid_until__lte=today + datetime.timedelta(days=days), **{f"{field}__isnull": True})
        sent[days] = 0
        for cert in due.select_related("product__producer"):
            updates = {field: now}
            if days == 30:  # the 90-day reminder would now be stale: mark it handled too
                updates["reminded_90_at"] = Coalesce("reminded_90_at", Value(now, output_field=DateTimeField()))
            with transaction.atomic():
                # update(), not save(): the claim is the row changing from NULL, and it sends no search signal.
                if not OcopCertificate.objects.filter(pk=cert.pk, **{f"{field}__isnull": True}).update(**updates):
                    continue  # another run claimed it first
                left = (cert.valid_until - today).days
                _tell_seller(
                    cert,
                    f"remind-{days}",
                    lambda cert=cert, left=left: (
                        _(
                            "OCOP certificate %(number)s for %(product)s expires on %(date)s (%(days)d days left). "
                            "Please apply for renewal in time."
                        )
                        % {**_describe(cert), "date": cert.valid_until.strftime("%d/%m/%Y"), "days": left}
                    ),
                )
                sent[days] += 1
    return sent


def expire_certificates(today: datetime.date) -> list[int]:
    """Handle certificates past their validity: tell the seller and take the star off search.

    Product pages and the API stop showing the star by date alone (catalog/certificates.py);
    the search index holds a copy of the star, so the expired products are reindexed.
    Returns the ids of the certificates handled by this run (none on a second run).
    """
    now = timezone.now()
    due = OcopCertificate.objects.filter(
        valid_until__lt=today, expired_notified_at__isnull=True, revoked_at__isnull=True
    )
    due = due.annotate(renewed=Exists(_renewed())).select_related("product__producer")
    handled, product_ids = [], set()
    for cert in due:
        with transaction.atomic():
            if not OcopCertificate.objects.filter(pk=cert.pk, expired_notified_at__isnull=True).update(
                expired_notified_at=now
            ):
                continue
            handled.append(cert.pk)
            product_ids.add(cert.product_id)
            had_star = cert.status == CertificateStatus.AWARDED and certificates.is_verified(cert)
            if had_star and not cert.renewed:
                _tell_seller(
                    cert,
                    "expired",
                    lambda cert=cert: (
                        _(
                            "OCOP certificate %(number)s for %(product)s expired on %(date)s; the star no longer shows. "
                            "Upload the renewed certificate to show it again."
                        )
                        % {**_describe(cert), "date": cert.valid_until.strftime("%d/%m/%Y")}
                    ),
                )
    if product_ids:
        reindex_products(sorted(product_ids))
    return handled


def reindex_products(ids: list[int]) -> None:
    """Ask the search layer to reindex these products after commit (skipped, with a log line, without one)."""
    try:
        from catalog.search.tasks import index_products_task
    except ImportError:
        logger.info("no search layer: %d products not reindexed", len(ids))
        return
    from marketplace.core.tasks import enqueue_after_commit

    enqueue_after_commit(index_products_task, list(ids))
