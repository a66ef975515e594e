"""Oscar's dashboard, forked only so that sellers are sent to their own workspace (/seller/).

Oscar's permission-based dashboard shows a partner user every line of an order and the order's
totals, which include other sellers' goods. Platform staff keep Oscar's dashboard; a seller with
`partner.dashboard_access` lands in the seller workspace, which shows only the seller's own lines.
"""
