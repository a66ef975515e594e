"""eSMS.vn adapter: brandname customer-care SMS over its JSON HTTP API.

Protocol facts, from eSMS's developer documentation (github.com/devesms/gitbook_esms_for_develop_v2_en,
"Send OTP/Customer care message"):
- POST https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/ , JSON body with
  ApiKey, SecretKey, Phone, Content, Brandname, SmsType "2" (customer care, used for OTP),
  IsUnicode "0"/"1", Sandbox "0"/"1", RequestId (provider-side de-duplication);
- the answer is JSON with CodeResult: "100" accepted (with SMSID), "101" bad credentials,
  "104" unknown brandname, "124" duplicate RequestId, "146" content does not match the
  registered customer-care template; on some errors only {"error": "..."} comes back (code 99).

Not confirmed [?]:
- [?] which phone form eSMS prefers; its samples use the national "09..." form, which we send;
- [?] whether the {"error": ...} answer is ever worth retrying; we retry it a bounded number of times;
- [?] rate limits and the exact template wording each brandname must register (done with eSMS
  per brandname before go-live, and the OTP text in sellers/otp.py must match it).
"""

import json
import logging
import unicodedata
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import SmsBackend, SmsMessage, SmsResult, SmsTransientError, national_number

logger = logging.getLogger("marketplace.notifications.sms")

ESMS_URL = "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ACCEPTED = "100"
DUPLICATE_REQUEST = "124"  # this RequestId was already accepted: the farmer has the message


def strip_diacritics(text: str) -> str:
    """Keep case, drop Vietnamese marks: non-Unicode SMS carries 160 characters a part, not 70."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class EsmsBackend(SmsBackend):
    name = "esms"

    def __init__(
        self,
        *,
        api_key: str,
        secret_key: str,
        brandname: str,
        unicode: bool = False,
        sandbox: bool = False,
        timeout: float = 10.0,
        url: str = ESMS_URL,
    ):
        if not (api_key and secret_key and brandname):
            raise ImproperlyConfigured("eSMS needs ESMS_API_KEY, ESMS_SECRET_KEY and ESMS_BRANDNAME.")
        self.api_key, self.secret_key, self.brandname = api_key, secret_key, brandname
        self.unicode, self.sandbox, self.timeout, self.url = unicode, sandbox, timeout, url

    @classmethod
    def from_settings(cls) -> "EsmsBackend":
        return cls(
            api_key=getattr(settings, "ESMS_API_KEY", ""),
            secret_key=getattr(settings, "ESMS_SECRET_KEY", ""),
            brandname=getattr(settings, "ESMS_BRANDNAME", ""),
            unicode=getattr(settings, "ESMS_UNICODE", False),
            sandbox=getattr(settings, "ESMS_SANDBOX", False),
            timeout=getattr(settings, "SMS_TIMEOUT", 10.0),
            url=getattr(settings, "ESMS_URL", ESMS_URL),
        )

    def payload(self, message: SmsMessage) -> dict:
        return {
            "ApiKey": self.api_key,
            "SecretKey": self.secret_key,
            "Phone": national_number(message.to),
            "Content": message.text if self.unicode else strip_diacritics(message.text),
            "Brandname": self.brandname,
            "SmsType": "2",
            "IsUnicode": "1" if self.unicode else "0",
            "Sandbox": "1" if self.sandbox else "0",
            "RequestId": message.reference,
        }

    def send(self, message: SmsMessage) -> SmsResult:
        request = urllib.request.Request(  # noqa: S310 - fixed https URL from settings, not user input
            self.url,
            data=json.dumps(self.payload(message)).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise SmsTransientError(f"eSMS HTTP {exc.code}") from exc
            return SmsResult(accepted=False, provider=self.name, error=f"HTTP {exc.code}")
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            # ValueError: a proxy's HTML error page instead of JSON; treat like an outage.
            raise SmsTransientError(f"eSMS unreachable: {exc}") from exc

        code = str(body.get("CodeResult", ""))
        if code in (ACCEPTED, DUPLICATE_REQUEST):
            return SmsResult(accepted=True, provider=self.name, provider_message_id=str(body.get("SMSID", "")))
        if not code and "error" in body:
            raise SmsTransientError(f"eSMS error: {body['error']}")
        logger.error("eSMS refused message %s: %s %s", message.reference, code, body.get("ErrorMessage", ""))
        return SmsResult(accepted=False, provider=self.name, error=f"{code} {body.get('ErrorMessage', '')}".strip())
