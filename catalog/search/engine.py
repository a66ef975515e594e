"""The connection to the search engine: which URL, which client, and is it up right now.

Production points ELASTICSEARCH_URL at an Elasticsearch 8.x/9.x cluster. Without it the app
runs the bundled osmem-server (an in-memory OpenSearch-compatible server) on a free local port;
`start_embedded()` is called by `manage.py serve` and by the test session.

Health is cached per process: a failed request marks the engine down for SEARCH_RETRY_AFTER s,
during which searches go straight to the database instead of each paying a timeout; after that
one quick probe decides, so the site recovers by itself when the engine is back.
"""

import logging
import threading
import time

from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import Elasticsearch

logger = logging.getLogger("catalog.search")

DEFAULT_RETRY_AFTER = 5.0  # seconds the engine stays "down" before the next probe (SEARCH_RETRY_AFTER)
PROBE_TIMEOUT = 0.5  # a health probe is allowed this long, far below SEARCH_TIMEOUT
MAX_RETRIES = 1  # one retry on another node; more only multiplies the wait in an outage

# Errors that mean "the engine is unreachable or too slow", as opposed to a bad query.
UNAVAILABLE_ERRORS = (TransportConnectionError, ConnectionTimeout)

_lock = threading.Lock()
_state = {
    "url": None,  # set by start_embedded() / use_url(); else settings.ELASTICSEARCH_URL
    "client": None,
    "client_url": None,
    "server": None,  # the OsmemServer we started, if any
    "down_until": 0.0,  # monotonic time before which we do not even try
    "is_osmem": None,  # cached answer of server_is_osmem()
}


def engine_url() -> str:
    return _state["url"] or settings.ELASTICSEARCH_URL


def is_configured() -> bool:
    """True when there is an engine to talk to (a URL in settings or an embedded server)."""
    return bool(engine_url())


def build_client(url: str, *, timeout: float | None = None) -> Elasticsearch:
    """A client for `url` with our timeouts and the wire format the settings ask for.

    "plain" uses the 9.x client's documented `server_mode="serverless"`, which sends
    application/json instead of the `compatible-with=9` media type that OpenSearch-family
    servers (osmem included) refuse with 406. "compatible" is the client's default for ES.
    """
    kwargs = {
        "request_timeout": settings.SEARCH_TIMEOUT if timeout is None else timeout,
        "max_retries": MAX_RETRIES,
        "retry_on_timeout": False,  # a slow engine should fail over to the database, not be asked twice
    }
    if settings.SEARCH_WIRE_FORMAT == "plain":
        kwargs["server_mode"] = "serverless"
    return Elasticsearch(url, **kwargs)


def get_client() -> Elasticsearch:
    """The process-wide client for the configured engine (rebuilt when the URL changes)."""
    url = engine_url()
    if not url:
        raise TransportConnectionError("no search engine configured (ELASTICSEARCH_URL unset, embedded not started)")
    with _lock:
        if _state["client"] is None or _state["client_url"] != url:
            _state["client"] = build_client(url)
            _state["client_url"] = url
            _state["is_osmem"] = None
        return _state["client"]


def use_url(url: str | None) -> None:
    """Point the app at another engine URL (None: back to settings). Resets the health cache."""
    with _lock:
        _state["url"] = url
        _state["client"] = None
        _state["client_url"] = None
        _state["is_osmem"] = None
        _state["down_until"] = 0.0


def start_embedded() -> str:
    """Start the bundled osmem-server (once per process) and point the app at it; returns its URL.

    The server process exits with its parent, so nothing outlives a test run or `make run`.
    """
    from osmem_server import OsmemServer

    with _lock:
        server = _state["server"]
    if server is not None and server.process.poll() is None:
        use_url(server.url)
        return server.url
    # Japanese analysis is not needed and costs start-up time and memory.
    server = OsmemServer.start(japanese=False)
    with _lock:
        _state["server"] = server
    use_url(server.url)
    logger.info("embedded search engine (osmem-server %s) at %s", server.version, server.url)
    return server.url


def stop_embedded() -> None:
    with _lock:
        server, _state["server"] = _state["server"], None
    if server is not None:
        server.close()
        if _state["url"] == server.url:
            use_url(None)


def retry_after() -> float:
    return getattr(settings, "SEARCH_RETRY_AFTER", DEFAULT_RETRY_AFTER)


def mark_unavailable(reason: object = "") -> None:
    """Remember for SEARCH_RETRY_AFTER seconds that the engine did not answer."""
    with _lock:
        _state["down_until"] = time.monotonic() + retry_after()
    logger.warning("search engine unavailable for the next %.1f s: %s", retry_after(), reason)


def reset_health() -> None:
    with _lock:
        _state["down_until"] = 0.0


def is_available() -> bool:
    """Cheap: True unless the engine failed recently; after SEARCH_RETRY_AFTER, one short probe decides."""
    if not is_configured():
        return False
    with _lock:
        down_until = _state["down_until"]
    if not down_until:
        return True
    if time.monotonic() < down_until:
        return False
    try:
        get_client().options(request_timeout=PROBE_TIMEOUT, max_retries=0).info()
    except Exception as exc:  # any failure of the probe means "still down"
        mark_unavailable(exc)
        return False
    reset_health()
    logger.info("search engine is back at %s", engine_url())
    return True


def server_is_osmem() -> bool:
    """True when the engine is osmem-server, which ignores synonym filters (see ARCHITECTURE.md, "Search")."""
    if _state["is_osmem"] is None:
        info = get_client().info()
        version = info.get("version", {})
        _state["is_osmem"] = info.get("cluster_name") == "osmem" or version.get("build_hash") == "osmem"
    return _state["is_osmem"]
