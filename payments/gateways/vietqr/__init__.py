"""VietQR bank transfer: a NAPAS 247 EMVCo QR with the order's memo code, reconciled from a bank feed."""
