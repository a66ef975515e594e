"""The marketplace's receiving bank account, encoded into every VietQR payload.

Demo values for the embedded default (a Vietcombank account). Production will read these from
settings (e.g. VIETQR_BANK_BIN, VIETQR_ACCOUNT_NUMBER, VIETQR_ACCOUNT_NAME) once they exist there;
until then change them here and nowhere else.
"""

BANK_BIN = "970436"  # Vietcombank's NAPAS BIN
ACCOUNT_NUMBER = "0011001234567"
ACCOUNT_NAME = "CONG TY CHO OCOP"
BANK_NAME = "Vietcombank"
