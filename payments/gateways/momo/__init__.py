"""MoMo e-wallet, API v2: create, IPN (HMAC-SHA256, answered with HTTP 204), query, refund."""
