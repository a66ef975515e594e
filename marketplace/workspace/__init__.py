"""The seller workspace: a seller (or its community helper) lists and edits its own products,
prices and stock and reads its own order lines, on the web (/seller/) and through the API for
the seller mobile app (/api/seller/). No models: it works on Oscar's catalogue, stock records
and orders through `services` (writes) and `selectors` (reads)."""
