"""Giao Hàng Nhanh (GHN public API v2): `client.GHNCarrier` and a local GHN in `simulator`."""
