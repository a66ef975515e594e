"""Pricing and availability for the marketplace (Oscar's documented hook: partner.strategy.Selector).

Vietnamese consumer prices are quoted VAT-inclusive, so the stock record's price is the price
the buyer pays: tax is "known" and zero on top of it. The platform's tax withholding for
household sellers (1% VAT + 0.5% PIT since July 2025) is a settlement matter, not a price.
"""

from oscar.apps.partner.strategy import NoTax, StockRequired, Structured, UseFirstStockRecord


class VatInclusiveStrategy(UseFirstStockRecord, StockRequired, NoTax, Structured):
    """One stock record per product (one producer sells it), sold only while in stock."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return VatInclusiveStrategy(request)
