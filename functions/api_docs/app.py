"""GET /openapi.json, /docs (Swagger UI) and /redoc (ReDoc): the API's contract, no token needed.

Where the files come from (SAM builds a function from its own folder only):
- `openapi.json` beside this module is the copy of the repository's top-level document that
  `make openapi` writes with it; `tests/unit/http/test_openapi_document.py` fails when either
  differs from a freshly generated one. It is served byte for byte.
- `assets/` holds what the pages load. `swagger-initializer.js` is ours; the Swagger UI and
  ReDoc files come from the PyPI package pinned (with its hash) in `ui-assets.txt`, which this
  function's build (`Makefile`) unpacks into `assets/`. No CDN: the pages need no network
  beyond the API. In a source checkout (the in-process tests) those files are absent: 404.

The pages and the document share one folder (`<stage>/docs`, `<stage>/redoc`,
`<stage>/openapi.json`), so the pages name everything by relative URL, whatever the stage
or base path. They carry no inline script, and their Content-Security-Policy lets them load
only from the API's own origin (ReDoc's "by Redocly" logo, an image on a CDN, is blocked and
then hidden by ReDoc itself).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from incident_core.core.errors import NotFound
from incident_core.http.responses import JSON, Response
from incident_core.http.router import IncidentApi

HERE = Path(__file__).resolve().parent
DOCUMENT = HERE / "openapi.json"
ASSETS_DIR = HERE / "assets"

HTML = "text/html; charset=utf-8"
SCRIPT = "text/javascript; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
# The files of `assets/` that are served, by name, with their media types.
ASSET_TYPES = {
    "swagger-initializer.js": SCRIPT,
    "swagger-ui-bundle.js": SCRIPT,
    "swagger-ui.css": "text/css; charset=utf-8",
    "redoc.standalone.js": SCRIPT,
    "swagger-ui-bundle.js.LICENSE.txt": TEXT,
    "swagger-ui.LICENSE.txt": TEXT,
    "redoc.standalone.js.LICENSE.txt": TEXT,
    "redoc.LICENSE.txt": TEXT,
}
PAGE_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # both UIs set style attributes and inject <style>
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",  # the document, and Swagger UI's "Try it out"
        "worker-src blob:",  # ReDoc's search index runs in a worker made from a blob
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)

SWAGGER_UI_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Incident API: Swagger UI</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-spec-url="openapi.json"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/swagger-initializer.js"></script>
</body>
</html>
"""

REDOC_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Incident API: ReDoc</title>
<link rel="icon" href="data:,">
</head>
<body>
<redoc spec-url="openapi.json"></redoc>
<script src="docs/assets/redoc.standalone.js"></script>
</body>
</html>
"""

api = IncidentApi()


@api.route("GET", "/openapi.json", permission=None)
def openapi_document() -> Response[str]:
    """The API's OpenAPI 3.1 document, as committed."""
    return Response(status_code=200, body=_text(DOCUMENT), content_type=JSON)


@api.route("GET", "/docs", permission=None)
def swagger_ui() -> Response[str]:
    """The document rendered by Swagger UI."""
    return _page(SWAGGER_UI_PAGE)


@api.route("GET", "/redoc", permission=None)
def redoc() -> Response[str]:
    """The document rendered by ReDoc."""
    return _page(REDOC_PAGE)


@api.route("GET", "/docs/assets/<name>", permission=None)
def asset(name: str) -> Response[str]:
    """A script, style sheet or licence that the pages load."""
    media_type = ASSET_TYPES.get(name)
    path = ASSETS_DIR / name
    if media_type is None or not path.is_file():
        raise NotFound("No such asset")
    return Response(status_code=200, body=_text(path), content_type=media_type)


def _page(html: str) -> Response[str]:
    return Response(status_code=200, body=html, headers={"Content-Security-Policy": PAGE_POLICY}, content_type=HTML)


@cache
def _text(path: Path) -> str:
    # Bytes decoded as they are: reading in text mode would translate line endings.
    return path.read_bytes().decode("utf-8")


lambda_handler = api.handler()
