"""What every provider simulator does alike: deliver a signed callback to the merchant, retrying
(bounded) while the answer is not the one the provider waits for, as the real provider does.

A callback to the site that is serving the simulator is delivered in process, through Django's
full request handling (so `make run` and the test client need no second server); any other
address gets a real HTTP POST.
"""

import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)


def post_json(
    url: str,
    body: bytes,
    *,
    request_host: str,
    headers: dict | None = None,
    timeout: float = 15,
    content_type: str = "application/json",
) -> int:
    """POST `body` once (JSON unless `content_type` says otherwise); the HTTP status, or 0 when nothing answered."""
    headers = headers or {}
    parts = urlsplit(url)
    if parts.netloc == request_host:
        from django.test import Client  # in process: the same handler and middleware as a real request

        return (
            Client(HTTP_HOST=parts.netloc)
            .post(
                parts.path + (f"?{parts.query}" if parts.query else ""),
                data=body,
                content_type=content_type,
                headers=headers,
            )
            .status_code
        )
    if parts.scheme not in ("http", "https"):
        return 0
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url, data=body, headers={**headers, "Content-Type": content_type}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, TimeoutError):
        return 0


def deliver(
    send: Callable[[], int], *, delays: Iterable[float], accepted: Callable[[int], bool], what: str
) -> list[int]:
    """Call `send` after each delay until `accepted(status)`; every status seen, in order."""
    statuses = []
    for delay in delays:
        if delay:
            time.sleep(delay)
        statuses.append(send())
        if accepted(statuses[-1]):
            break
    else:
        logger.warning("simulator gave up on %s after %s tries: %s", what, len(statuses), statuses)
    return statuses
