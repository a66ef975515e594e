"""Stripe's wire format: bracket-notation form bodies and webhook signatures (reference section 5.2).

`Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]` where each v1 is
HMAC-SHA256(webhook secret, "<t>.<raw request body>"), lower-case hex. Only scheme v1 counts; several v1
values appear while a secret is being rolled. A signature is accepted when any v1 matches (constant-time)
and t is within the tolerance of now, in either direction.
"""

import hashlib
import hmac
import re
from urllib.parse import parse_qsl

from payments.gateways.base import InvalidSignature


def encode_form(params: dict, prefix: str = "") -> list[tuple[str, str]]:
    """Stripe's bracket notation: {"metadata": {"a": 1}, "x": ["y"]} -> [("metadata[a]", "1"), ("x[0]", "y")]."""
    pairs = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(value, dict):
            pairs += encode_form(value, name)
        elif isinstance(value, list | tuple):
            pairs += encode_form({str(i): item for i, item in enumerate(value)}, name)
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        elif value is not None:
            pairs.append((name, str(value)))
    return pairs


def decode_form(body: str) -> dict:
    """The inverse of encode_form (lists come back as lists when their keys are 0..n-1 or empty `[]`)."""
    tree: dict = {}
    for name, value in parse_qsl(body, keep_blank_values=True):
        head, *rest = re.findall(r"[^\[\]]+|\[\]", name) or [name]
        node, keys = tree, [head, *rest]
        for i, key in enumerate(keys):
            last = i == len(keys) - 1
            if key == "[]":
                key = str(len(node))
            if last:
                node[key] = value
            else:
                node = node.setdefault(key, {})
                if not isinstance(node, dict):
                    break
    return _lists(tree)


def _lists(node):
    if not isinstance(node, dict):
        return node
    node = {key: _lists(value) for key, value in node.items()}
    if node and sorted(node) == sorted(str(i) for i in range(len(node))):
        return [node[str(i)] for i in range(len(node))]
    return node


# --- webhook signatures --------------------------------------------------------------------------
def sign_payload(payload: bytes, timestamp: int, secret: str) -> str:
    signed = str(timestamp).encode("ascii") + b"." + payload
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def signature_header(payload: bytes, secret: str, timestamp: int) -> str:
    return f"t={timestamp},v1={sign_payload(payload, timestamp, secret)}"


def verify_signature(payload: bytes, header: str, secret: str, *, tolerance: int, now: float) -> int:
    """Check a Stripe-Signature header against the raw body; the signed timestamp, or InvalidSignature."""
    timestamp, candidates = None, []
    for item in (header or "").split(","):
        scheme, _, value = item.strip().partition("=")
        if scheme == "t" and value.isdigit():
            timestamp = int(value)
        elif scheme == "v1":  # only v1 counts; v0 and unknown schemes are ignored, as Stripe's SDKs do
            candidates.append(value.strip().encode("utf-8", "replace"))
    if timestamp is None or not candidates:
        raise InvalidSignature("Stripe-Signature has no timestamp or no v1 signature")
    expected = sign_payload(payload, timestamp, secret).encode("ascii")
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise InvalidSignature("Stripe-Signature does not match the body")
    if abs(now - timestamp) > tolerance:
        raise InvalidSignature(f"Stripe-Signature timestamp {timestamp} is outside the {tolerance} s tolerance")
    return timestamp
