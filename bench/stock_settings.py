"""Oscar's stock storefront on our data: the baseline the benchmarks print beside ours.

Same database and models; Oscar's own haystack search app and templates, no project templates.
"""

from marketplace.settings import *  # noqa: F403

_OURS, _OSCARS = "catalog.search.apps.SearchConfig", "oscar.apps.search.apps.SearchConfig"
INSTALLED_APPS = [_OSCARS if a == _OURS else a for a in INSTALLED_APPS]  # noqa: F405
TEMPLATES[0]["DIRS"] = []  # noqa: F405
ROOT_URLCONF = "bench.stock_urls"
OSCAR_HOMEPAGE = "/catalogue/"
