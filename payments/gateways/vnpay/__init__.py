"""VNPay 2.1.0: signed redirect, return URL, IPN, querydr and refund (plus a local simulator)."""
