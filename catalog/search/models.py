"""What buyers searched for and the catalogue did not have (misses.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchMiss(models.Model):
    """A query that found no product in the whole catalogue, counted: what staff read to extend
    the word lists (synonyms_vi.txt, kinds_vi.txt, fillers_vi.txt) or to recruit a producer.
    Holds no buyer: only the words, how often and when."""

    query = models.CharField(_("query"), max_length=200, unique=True, help_text=_("Folded: no diacritics, lower case"))
    example = models.CharField(_("as typed"), max_length=200, help_text=_("The last time it was typed"))
    count = models.PositiveIntegerField(_("searches"), default=1)
    first_seen = models.DateTimeField(_("first searched"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last searched"), db_index=True)

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")

    def __str__(self):
        return self.example
