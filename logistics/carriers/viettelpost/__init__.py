"""Viettel Post, partner API v2: login token, getPriceAll, createOrder, UpdateOrder (cancel), webhooks."""
