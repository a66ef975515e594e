"""What the carriers that sit behind a login token share (Viettel Post, Vietnam Post).

- `TokenLoginAPI`: one authenticated call. The token is kept in Django's cache (shared by every
  process); a call the carrier refuses for the token logs in once more, then gives up with a
  message for the seller. Timeouts and 5xx become `CarrierUnavailable` naming the carrier.
  A client says how to log in (`_login`), how the carrier reports a bad token (`_auth_failed`)
  and a refused request (`_refused`); everything else is here.
- `join_areas`: their master data come as three lists (provinces, districts, wards) joined by ids.
- `read_signed_json`: a webhook signed with HMAC-SHA256 (hex) of the raw body in a header,
  checked in constant time before the body is read.
"""

import hashlib
import hmac
import json

from django.core.cache import cache
from django.utils.translation import gettext as _

from logistics.carriers.base import CarrierError, CarrierUnavailable, InvalidWebhook


def reason(status: int, answer: dict) -> str:
    """The carrier's own words for a refusal, or the HTTP status when it gave none."""
    return str(answer.get("message") or "").strip() or f"HTTP {status}"


def rows_by(answer: dict, key: str) -> dict[str, dict]:
    """The `data` rows of a master-data answer by their id field."""
    return {str(row[key]): row for row in answer.get("data") or [] if isinstance(row, dict) and key in row}


def join_areas(
    provinces: dict,
    districts: dict,
    wards: list,
    *,
    province: tuple[str, str],
    district: tuple[str, str],
    ward: tuple[str, str],
) -> list[dict]:
    """Wards joined to their district and province, as the rows `sync_carrier_areas` reads.

    `province`, `district`, `ward` name each level's (id field, name field); a ward carries its
    district's id field and a district its province's. Wards whose district or province is
    unknown are left out.
    """
    (province_id, province_name), (district_id, district_name), (ward_id, ward_name) = province, district, ward
    areas = []
    for row in wards:
        parent = districts.get(str(row.get(district_id)))
        top = provinces.get(str(parent.get(province_id))) if parent else None
        if not top:
            continue
        areas.append(
            {
                "province_id": str(top[province_id]),
                "province_name": str(top.get(province_name, "")),
                "district_id": str(parent[district_id]),
                "district_name": str(parent.get(district_name, "")),
                "ward_id": str(row.get(ward_id, "")),
                "ward_name": str(row.get(ward_name, "")),
            }
        )
    return areas


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def header(headers: dict, name: str) -> str:
    """A header from a plain dict, request.headers or META-style keys, whatever their case."""
    wanted = name.lower()
    for key, value in (headers or {}).items():
        key = str(key).lower().replace("_", "-")
        if key.startswith("http-"):
            key = key[5:]
        if key == wanted:
            return str(value)
    return ""


def read_signed_json(
    *, body: bytes, headers: dict, header_name: str, secret: str, setting_name: str, carrier: str
) -> dict:
    """The webhook's JSON object once its signature verifies; InvalidWebhook otherwise."""
    if not secret:
        raise InvalidWebhook(f"{setting_name} is not set: no {carrier} webhook can be verified")
    given = header(headers, header_name).strip().lower()
    if not given or not hmac.compare_digest(given, sign(body, secret)):
        raise InvalidWebhook(f"{carrier} webhook signature does not match")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidWebhook(f"{carrier} webhook is not JSON") from exc
    if not isinstance(payload, dict):
        raise InvalidWebhook(f"{carrier} webhook is not a JSON object")
    return payload


class TokenLoginAPI:
    """Mixin for a carrier client with `code`, `name`, `api_base`, `transport`, `timeout`."""

    token_ttl: int = 3600
    auth_header: str = "Token"

    # --- what each carrier says differently --------------------------------------------------
    def _account(self) -> str:
        """What tells two accounts apart (their tokens must not mix)."""
        raise NotImplementedError

    def _login(self) -> str:
        """A new token from the carrier; CarrierError when the account is refused."""
        raise NotImplementedError

    def _auth_failed(self, status: int, answer: dict) -> bool:
        return status in (401, 403)

    def _refused(self, status: int, answer: dict) -> bool:
        return status >= 400

    # --- shared --------------------------------------------------------------------------------
    @property
    def _token_key(self) -> str:
        account = hashlib.sha256(f"{self.api_base}|{self._account()}".encode()).hexdigest()[:16]
        return f"carrier:{self.code}:token:{account}"

    def _send(self, method: str, path: str, *, headers: dict, params=None, json_body=None) -> tuple[int, dict]:
        try:
            return self.transport(
                method, self.api_base + path, headers=headers, params=params, json_body=json_body, timeout=self.timeout
            )
        except CarrierUnavailable as exc:
            raise CarrierUnavailable(
                _("%(carrier)s is not answering right now (%(detail)s). Please try again in a few minutes.")
                % {"carrier": self.name, "detail": exc}
            ) from exc

    def _token(self, *, fresh: bool = False) -> str:
        token = None if fresh else cache.get(self._token_key)
        if not token:
            token = self._login()
            cache.set(self._token_key, token, self.token_ttl)
        return token

    def _call(self, method: str, path: str, *, params=None, json_body=None) -> dict:
        """One authenticated call; logs in again once when the token was refused."""
        for attempt in (1, 2):
            token = self._token(fresh=attempt == 2)
            status, answer = self._send(
                method, path, headers={self.auth_header: token}, params=params, json_body=json_body
            )
            if not self._auth_failed(status, answer):
                break
            cache.delete(self._token_key)
        else:
            raise CarrierError(
                _("%(carrier)s refused the platform's login twice; the account needs checking.")
                % {"carrier": self.name}
            )
        if self._refused(status, answer):
            raise CarrierError(
                _("%(carrier)s refused the request: %(reason)s")
                % {"carrier": self.name, "reason": reason(status, answer)}
            )
        return answer
