"""Traceability of lots (TCVN 12850:2019 = GS1 Global Traceability Standard; Circular 02/2024/TT-BKHCN).

A lot is what a QR code on a pack identifies: its dates, planting-area and packing-house codes,
certifications and the events one step back (who it came from) and one step forward (who it
went to). Rules live in `services.py`, reads in `selectors.py`, the QR in `qr.py`.
"""
