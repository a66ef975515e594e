"""Vietnam Post (MyVNPost customer-partner API): access token, ServicesCharge, CreateOrder, orderCancel, webhooks."""
