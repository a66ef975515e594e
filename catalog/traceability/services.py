"""Writes to trace records. Views and API endpoints parse input, call one of these, render output.

Every service takes keyword arguments only, runs in one transaction, checks that `actor` may
act for the lot's producer (`sellers.roles`), and writes the audit trail when the actor is a
helper (`sellers.audit.record` decides). Errors are `ValidationError`s keyed by field with
translatable messages, so a form or the API shows them next to the right input.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.sellers import audit, roles

from . import codes
from .models import (
    SCHEME_MAX_VALIDITY,
    CertificationScheme,
    Lot,
    LotCertification,
    LotStatus,
    TraceEvent,
    TraceEventType,
)
from .selectors import current_lot_for  # noqa: F401  (re-exported: callers think of it as part of the trace API)

Partner = get_model("partner", "Partner")

# Phones and servers disagree by a few minutes; an event "now" must not be refused as future.
CLOCK_SKEW = datetime.timedelta(minutes=10)


def _authorise(actor, producer) -> None:
    if producer is None or not roles.can_manage_partner(actor, producer):
        raise PermissionDenied(_("You cannot manage lots of this producer."))


def _day(value: datetime.date) -> str:
    return date_format(value, "d/m/Y")


def _check_lot_dates(*, harvest_date, pack_date, best_before, today) -> None:
    errors = {}
    if harvest_date and harvest_date > today:
        errors["harvest_date"] = ValidationError(_("The harvest date cannot be in the future."), code="future")
    if pack_date and pack_date > today:
        errors["pack_date"] = ValidationError(_("The pack date cannot be in the future."), code="future")
    elif pack_date and harvest_date and pack_date < harvest_date:
        errors["pack_date"] = ValidationError(
            _("The pack date (%(pack)s) is before the harvest date (%(harvest)s)."),
            code="pack_before_harvest",
            params={"pack": _day(pack_date), "harvest": _day(harvest_date)},
        )
    start = pack_date or harvest_date
    if best_before and start and best_before < start:
        errors["best_before"] = ValidationError(
            _("The best-before date (%(best_before)s) is before the lot was packed or harvested (%(start)s)."),
            code="best_before_too_early",
            params={"best_before": _day(best_before), "start": _day(start)},
        )
    if errors:
        raise ValidationError(errors)


def _lock(lot: Lot) -> Lot:
    # Row lock: two phones publishing and recalling the same lot must not interleave.
    return Lot.objects.select_for_update(of=("self",)).select_related("producer", "product").get(pk=lot.pk)


@transaction.atomic
def create_lot(
    *,
    actor,
    product,
    harvest_date: datetime.date | None = None,
    pack_date: datetime.date | None = None,
    best_before: datetime.date | None = None,
    quantity: Decimal | None = None,
    unit: str = "",
    planting_area_code: str = "",
    packing_house_code: str = "",
) -> Lot:
    """Create a draft lot of `product` with the next code in its producer's yearly sequence."""
    producer = product.producer
    if producer is None:
        raise ValidationError({"product": _("This product has no producer; a lot needs one.")})
    _authorise(actor, producer)
    today = timezone.localdate()
    _check_lot_dates(harvest_date=harvest_date, pack_date=pack_date, best_before=best_before, today=today)
    if quantity is not None and quantity <= 0:
        raise ValidationError({"quantity": _("The quantity must be more than zero.")})

    # Locking the producer row serialises code allocation per producer, so two lots created at
    # the same moment never get the same sequence number (the unique constraint is the backstop).
    Partner.objects.select_for_update().filter(pk=producer.pk).first()
    year = today.year
    last = Lot.objects.filter(producer=producer, code_year=year).aggregate(n=Max("code_sequence"))["n"] or 0
    sequence = last + 1
    lot = Lot(
        product=product,
        producer=producer,
        code=codes.format_lot_code(codes.producer_prefix(producer.name, producer.pk), year, sequence),
        code_year=year,
        code_sequence=sequence,
        harvest_date=harvest_date,
        pack_date=pack_date,
        best_before=best_before,
        quantity=quantity,
        unit=unit or product.unit,
        planting_area_code=codes.normalise_registry_code(planting_area_code),
        packing_house_code=codes.normalise_registry_code(packing_house_code),
        created_by=actor,
    )
    lot.full_clean()
    lot.save()
    audit.record(
        actor=actor, partner=producer, action="trace.lot.create", obj=lot, summary=f"Lot {lot.code} of {product.title}"
    )
    return lot


@transaction.atomic
def publish_lot(*, actor, lot: Lot) -> Lot:
    """Make a draft lot's trace page and QR code public."""
    lot = _lock(lot)
    _authorise(actor, lot.producer)
    if lot.status != LotStatus.DRAFT:
        raise ValidationError(_("Only a draft lot can be published."), code="not_draft")
    if lot.start_date is None:
        raise ValidationError(
            {"harvest_date": _("Enter a harvest or pack date before publishing: buyers look for it first.")}
        )
    lot.status = LotStatus.PUBLISHED
    lot.published_at = timezone.now()
    lot.save(update_fields=["status", "published_at"])
    audit.record(
        actor=actor, partner=lot.producer, action="trace.lot.publish", obj=lot, summary=f"Published lot {lot.code}"
    )
    return lot


def _check_event_time(lot: Lot, event_type: str, occurred_at: datetime.datetime) -> None:
    if occurred_at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"occurred_at": _("An event cannot be recorded in the future.")})
    day = timezone.localdate(occurred_at)
    if lot.harvest_date and day < lot.harvest_date:
        raise ValidationError(
            {
                "occurred_at": ValidationError(
                    _("This event (%(day)s) is before the harvest date (%(harvest)s) of the lot."),
                    code="before_harvest",
                    params={"day": _day(day), "harvest": _day(lot.harvest_date)},
                )
            }
        )
    if lot.pack_date and event_type in (TraceEventType.PACK, TraceEventType.SHIP) and day < lot.pack_date:
        raise ValidationError(
            {
                "occurred_at": ValidationError(
                    _("This event (%(day)s) is before the pack date (%(pack)s) of the lot."),
                    code="before_pack",
                    params={"day": _day(day), "pack": _day(lot.pack_date)},
                )
            }
        )


@transaction.atomic
def record_event(
    *,
    actor,
    lot: Lot,
    event_type: str,
    occurred_at: datetime.datetime,
    commune=None,
    place: str = "",
    counterparty: str = "",
    input_lot_code: str = "",
    note: str = "",
) -> TraceEvent:
    """Add a harvest, receive (one step back), process, pack or ship (one step forward) event.

    Events follow the lot's own dates: nothing happens before its harvest, and packing or
    shipping not before its pack date. A receive or ship event names the other business,
    which is what "one step back, one step forward" (TCVN 12850, Circular 02/2024) asks for.
    """
    lot = _lock(lot)
    _authorise(actor, lot.producer)
    if event_type == TraceEventType.RECALL:
        raise ValidationError({"event_type": _("Use the recall action to recall a lot.")})
    if event_type not in TraceEventType.values:
        raise ValidationError({"event_type": _("Unknown event type.")})
    if lot.status == LotStatus.RECALLED:
        raise ValidationError(_("This lot has been recalled; it takes no new events."), code="recalled")
    if timezone.is_naive(occurred_at):  # a phone form sends local wall-clock time
        occurred_at = timezone.make_aware(occurred_at)
    _check_event_time(lot, event_type, occurred_at)
    if event_type == TraceEventType.RECEIVE and not counterparty.strip():
        raise ValidationError({"counterparty": _("Name the business the lot was received from.")})
    if event_type == TraceEventType.SHIP and not counterparty.strip():
        raise ValidationError({"counterparty": _("Name the business the lot was shipped to.")})
    # Notes, places and counterparties are printed on the public trace page.
    for field_name, value in (("note", note), ("place", place), ("counterparty", counterparty)):
        try:
            codes.no_personal_data(value)
        except ValidationError as exc:
            raise ValidationError({field_name: exc.messages}) from exc
    event = TraceEvent(
        lot=lot,
        event_type=event_type,
        occurred_at=occurred_at,
        commune=commune,
        place=place.strip(),
        counterparty=counterparty.strip(),
        input_lot_code=input_lot_code.strip(),
        note=note.strip(),
        created_by=actor,
    )
    event.full_clean()
    event.save()
    audit.record(
        actor=actor,
        partner=lot.producer,
        action="trace.event.record",
        obj=event,
        summary=f"{event.get_event_type_display()} on lot {lot.code}",
    )
    return event


@transaction.atomic
def add_certification(
    *,
    actor,
    scheme: str,
    certificate_number: str,
    issuer: str,
    valid_from: datetime.date,
    valid_until: datetime.date,
    lot: Lot | None = None,
    producer=None,
    scheme_name: str = "",
) -> LotCertification:
    """Attach a VietGAP / GlobalG.A.P. / organic / other certificate to a lot, or producer-wide.

    A producer-wide certificate (no `lot`) shows on every lot of that producer.
    """
    if (lot is None) == (producer is None):
        raise ValueError("Pass exactly one of lot or producer.")
    if lot is not None:
        lot = _lock(lot)
        producer = lot.producer
    _authorise(actor, producer)
    if valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end of validity is before its start.")})
    longest = SCHEME_MAX_VALIDITY.get(scheme)
    if longest and valid_until > valid_from + longest:
        raise ValidationError(
            {"valid_until": _("A VietGAP certificate is valid for at most 2 years; check the dates.")}
        )
    if scheme == CertificationScheme.OTHER and not scheme_name.strip():
        raise ValidationError({"scheme_name": _("Name the certification scheme.")})
    certification = LotCertification(
        producer=producer,
        lot=lot,
        scheme=scheme,
        scheme_name=scheme_name.strip(),
        certificate_number=certificate_number.strip(),
        issuer=issuer.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=actor,
    )
    certification.full_clean()
    certification.save()
    where = f"lot {lot.code}" if lot else "all lots"
    audit.record(
        actor=actor,
        partner=producer,
        action="trace.certification.add",
        obj=certification,
        summary=f"{certification.display_scheme} {certification.certificate_number} for {where}",
    )
    return certification


@transaction.atomic
def recall_lot(*, actor, lot: Lot, reason: str) -> Lot:
    """Recall a published lot: its page stays up with a recall banner, and a recall event is added."""
    lot = _lock(lot)
    _authorise(actor, lot.producer)
    if lot.status != LotStatus.PUBLISHED:
        raise ValidationError(_("Only a published lot can be recalled."), code="not_published")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the lot is recalled: buyers read this.")})
    try:
        codes.no_personal_data(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error}) from None
    now = timezone.now()
    lot.status = LotStatus.RECALLED
    lot.recalled_at = now
    lot.recall_reason = reason
    lot.save(update_fields=["status", "recalled_at", "recall_reason"])
    TraceEvent.objects.create(lot=lot, event_type=TraceEventType.RECALL, occurred_at=now, note=reason, created_by=actor)
    audit.record(
        actor=actor, partner=lot.producer, action="trace.lot.recall", obj=lot, summary=f"Recalled lot {lot.code}"
    )
    return lot
