"""The contract as the local stack serves it: `GET /openapi.json` is the committed document, and
`/docs` (Swagger UI) and `/redoc` (ReDoc) render it in a real headless browser, offline.

The browser is Debian's `chromium`. When it is missing the set-up installs it
(`apt-get install -y chromium`; CI runs as root); when it is still missing the tests fail with
that message, they never skip. A page is loaded with `--dump-dom` after a virtual-time budget:
its scripts run, its requests complete (virtual time stands still while one is pending) and
the rendered DOM is printed, in which every operation of the document must appear. Every host
name is made unresolvable and no proxy is used, so a page that needed anything beyond the
stack on 127.0.0.1 (a CDN, fonts, a validator) would fail here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO_ROOT, ApiClient, DeployedStack

DOCUMENT = REPO_ROOT / "openapi.json"
INSTALL = ["apt-get", "install", "-y", "chromium"]
RENDER_BUDGET_MS = 30_000  # virtual time: spent at once when the page is idle
BROWSER_TIMEOUT_S = 180
OFFLINE = [
    "--headless",
    "--no-sandbox",  # as root (CI), Chromium refuses to start with its sandbox
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # no host but the stack's
    "--enable-logging=stderr",  # the console, where Content-Security-Policy violations are reported
    "--v=0",
]


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Debian's chromium, installed when missing."""
    found = shutil.which("chromium")
    if found is None:
        log = tmp_path_factory.mktemp("chromium-install") / "apt-get.log"
        _install_chromium(log)
        found = shutil.which("chromium")
        if found is None:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:]) if log.exists() else ""
            pytest.fail(f"chromium is missing: install it with `{' '.join(INSTALL)}`\n{tail}", pytrace=False)
    return found


def _install_chromium(log: Path) -> None:
    """`apt-get install -y chromium`, and again after `apt-get update` if the package lists were stale."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with log.open("w") as output:
        for command in (INSTALL, ["apt-get", "update"], INSTALL):
            try:
                done = subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, env=env, timeout=900)
            except (OSError, subprocess.TimeoutExpired) as error:
                output.write(f"{' '.join(command)}: {error}\n")
                return
            if command == INSTALL and done.returncode == 0:
                return


def _rendered_dom(chromium: str, url: str, profile: Path) -> str:
    done = subprocess.run(
        [
            chromium,
            *OFFLINE,
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={RENDER_BUDGET_MS}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT_S,
        env={name: value for name, value in os.environ.items() if "proxy" not in name.lower()},
        check=False,
    )
    log = "\n".join(line for line in done.stderr.splitlines() if "dbus" not in line)  # no D-Bus in CI: noise
    assert done.returncode == 0 and done.stdout.strip(), f"chromium could not load {url}:\n{log[-3000:]}"
    # The page's policy may block ReDoc's logo on its CDN (an image, hidden when it fails), nothing else.
    blocked = [line for line in log.splitlines() if "Content Security Policy" in line and '"img-src' not in line]
    assert not blocked, f"{url}: the page's Content-Security-Policy blocks what it needs:\n" + "\n".join(blocked)
    return done.stdout


def _operation_ids() -> list[str]:
    document = json.loads(DOCUMENT.read_text())
    return [operation["operationId"] for item in document["paths"].values() for operation in item.values()]


def test_the_stack_serves_the_committed_document(api: ApiClient) -> None:
    response = api.get("/openapi.json")
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Request-Id"]
    assert response.content == DOCUMENT.read_bytes()


def test_the_pages_and_their_assets_are_served_without_a_token(api: ApiClient) -> None:
    for page in ("/docs", "/redoc"):
        response = api.get(page)
        assert response.status_code == 200, (page, response.text)
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    for name, media_type in (
        ("swagger-ui-bundle.js", "text/javascript"),
        ("swagger-ui.css", "text/css"),
        ("swagger-initializer.js", "text/javascript"),
        ("redoc.standalone.js", "text/javascript"),
    ):
        response = api.get(f"/docs/assets/{name}")
        assert response.status_code == 200, (name, response.text[:300])
        assert response.headers["Content-Type"].startswith(media_type), name
    assert len(api.get("/docs/assets/swagger-ui-bundle.js").content) > 1_000_000  # the bundle arrives whole
    assert api.get("/docs/assets/nothing.js").status_code == 404


@pytest.mark.parametrize(
    ("page", "listed"),
    [
        ("docs", ">{}</span>"),  # Swagger UI shows each operation's id in a span (displayOperationId)
        ("redoc", 'operation/{}"'),  # ReDoc names each operation's section `operation/<id>`
    ],
    ids=["swagger-ui", "redoc"],
)
def test_the_page_lists_every_operation_in_a_headless_browser(
    stack: DeployedStack, chromium: str, tmp_path: Path, page: str, listed: str
) -> None:
    dom = _rendered_dom(chromium, f"{stack.api_url}/{page}", tmp_path / "profile")
    missing = [operation_id for operation_id in _operation_ids() if listed.format(operation_id) not in dom]
    assert not missing, f"/{page} lists {len(missing)} operations too few, e.g. {missing[:5]}; DOM:\n{dom[:2000]}"
    assert "Incident API" in dom
