"""Parcels between real former wards, in Viettel Post's own ids (from the simulator's network)."""

from logistics.carriers.viettelpost.simulator import area_of
from tests.logistics.former_wards import (  # noqa: F401 (the wards the tests use)
    HOA_MINH,
    HUONG_PHONG,
    PHUC_XA,
    TAN_DINH,
    TRUC_BACH,
    TRUONG_SA,
    Requests,
    parcel,
)

_requests = Requests(area_of, service="VCBO")
endpoint, quote_request, shipment = _requests.endpoint, _requests.quote_request, _requests.shipment
