"""Oscar's dashboard, forked so that it stays with platform staff; sellers use /seller/.

Onboarding gives sellers `partner.dashboard_access`, and Oscar's permission-based dashboard then
shows them whole orders (other sellers' lines, order totals) and lets them edit stock around the
workspace rules. The forks below keep Oscar's views untouched and only wrap their URL
decorators (`guards.sellers_to_workspace`): staff get Oscar's pages, a non-staff user is sent to
the seller workspace, which reads only the seller's own lines.
"""
