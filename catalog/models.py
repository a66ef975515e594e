"""Oscar's catalogue, extended for OCOP: scheme-tagged groups, producer, origin, unit,
shipping weight and OCOP certificates."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractCategory, AbstractProduct, AbstractProductImage

from catalog import certificates
from catalog.search.search_text import search_text


class OcopScheme(models.TextChoices):
    QD148_2023 = "qd148-2023", _("Decision 148/QĐ-TTg (2023)")
    QD1048_2019 = "qd1048-2019", _("Decision 1048/QĐ-TTg (2019)")


class Category(AbstractCategory):
    """A node of an OCOP group tree: group -> sub-group -> criteria set, tagged with its scheme."""

    scheme = models.CharField(
        _("criteria scheme"), max_length=16, choices=OcopScheme.choices, default=OcopScheme.QD148_2023
    )


class SellingUnit(models.TextChoices):
    KG = "kg", _("kg")
    GRAM = "g", _("gram")
    BOX = "hop", _("box")
    BOTTLE = "chai", _("bottle")
    PACK = "goi", _("pack")
    JAR = "hu", _("jar")
    BAG = "tui", _("bag")
    PIECE = "cai", _("piece")
    SET = "bo", _("set")
    TREE = "cay", _("plant")
    FRUIT = "qua", _("fruit")
    TICKET = "ve", _("ticket")


class Product(AbstractProduct):
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("producer"),
    )
    origin_commune = models.ForeignKey(
        "regions.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("origin (commune)"),
    )
    unit = models.CharField(_("selling unit"), max_length=8, choices=SellingUnit.choices, default=SellingUnit.KG)
    shipping_weight_grams = models.PositiveIntegerField(_("shipping weight (g)"), default=1000)
    # Folded (no diacritics, lower case) title, its kinds, UPC and description: what the
    # database search falls back to when the search engine is down (catalog/search/search_text.py).
    search_text = models.TextField(editable=False, blank=True, default="")

    def save(self, *args, **kwargs):
        # Derived data kept next to its source so every writer (dashboard, API, loader) keeps it.
        self.search_text = search_text(self.title, self.upc, self.description)
        super().save(*args, **kwargs)

    def current_certificate(self, today: datetime.date | None = None):
        """The certificate that decides the star buyers see (None when no star shows)."""
        certs = list(self.ocop_certificates.all())  # uses a prefetch when there is one
        return certificates.displayed_certificate(certs, today or timezone.localdate())


class ProductImage(AbstractProductImage):
    """Oscar's product image plus the WebP renditions Celery made of it (catalog/photos/renditions.py).

    The renditions live in a JSON field on the image, not in a table of their own, so a product
    card finds its rendition in the images it already prefetched: no extra query per card.
    """

    # {"card": {"name": "images/renditions/7/card.webp", "width": 480, "height": 360, "bytes": 41234,
    #           "source": "<original.name it was made from>"}, ...}
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)

    class Meta(AbstractProductImage.Meta):
        pass


class CertificateStatus(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    PROPOSED = "proposed", _("Proposed")


class IssuingLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CENTRAL = "central", _("Central")
    DISTRICT = "district", _("District (before July 2025)")


class CertificateVerification(models.TextChoices):
    PENDING = "pending", _("Waiting for staff verification")
    VERIFIED = "verified", _("Verified by staff")
    REJECTED = "rejected", _("Rejected by staff")


class OcopCertificate(models.Model):
    """An OCOP recognition decision for one product."""

    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="ocop_certificates")
    stars = models.PositiveSmallIntegerField(_("stars"), choices=[(3, "3★"), (4, "4★"), (5, "5★")])
    status = models.CharField(
        _("status"), max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.AWARDED
    )
    scheme = models.CharField(
        _("criteria scheme"), max_length=16, choices=OcopScheme.choices, default=OcopScheme.QD148_2023
    )
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    issuing_level = models.CharField(
        _("issuing level"), max_length=16, choices=IssuingLevel.choices, default=IssuingLevel.PROVINCE
    )
    valid_until = models.DateField(_("valid until"), editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("revocation reason"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    # A scan or phone photo of the decision: PDF, or an image stored without its metadata.
    document = models.FileField(_("certificate document"), upload_to="certificates/%Y/%m/", max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # Certificates loaded by staff or the demo data are trusted, hence the "verified" default;
    # a seller's upload is created "pending" by catalog/ocop_lifecycle.py and shows no star until verified.
    verification = models.CharField(
        _("verification"),
        max_length=16,
        choices=CertificateVerification.choices,
        default=CertificateVerification.VERIFIED,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    verified_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    rejection_note = models.TextField(_("rejection note"), blank=True)
    # When each lifecycle message went out: the daily jobs claim these, so a re-run never repeats one.
    reminded_90_at = models.DateTimeField(_("90-day reminder sent at"), null=True, blank=True, editable=False)
    reminded_30_at = models.DateTimeField(_("30-day reminder sent at"), null=True, blank=True, editable=False)
    expired_notified_at = models.DateTimeField(_("expiry handled at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decision_date", "-stars"]
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        constraints = [models.CheckConstraint(condition=models.Q(stars__in=[3, 4, 5]), name="ocop_stars_3_to_5")]
        indexes = [models.Index(fields=["valid_until"]), models.Index(fields=["verification"])]

    def __str__(self):
        return f"{self.get_status_display()} {self.stars}★ – {self.decision_number}"

    def save(self, *args, **kwargs):
        # valid_until is a pure function of the decision date; keep it stored for queries.
        self.valid_until = certificates.valid_until(self.decision_date)
        super().save(*args, **kwargs)

    def state(self, today: datetime.date | None = None) -> str:
        return certificates.state(self, today or timezone.localdate())


from oscar.apps.catalogue.models import *  # noqa: E402,F403  (Oscar's documented fork pattern)
