"""Giao Hàng Tiết Kiệm (GHTK): `client.GHTKCarrier` and a local GHTK in `simulator`."""
