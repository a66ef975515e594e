"""International cards through Stripe PaymentIntents: create, signed webhooks, query, refund (VND zero-decimal)."""
