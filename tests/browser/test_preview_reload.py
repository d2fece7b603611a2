"""The live preview in a browser: after an edit, a tab reloads only if its page changed (its live-reload script
is answered by its own page's epoch, which the server finds from the Referer Chromium sends)."""

from __future__ import annotations

import time

from bench.preview import preview
from generator.preview_server import SETTLED

TIMEOUT = 120


def test_a_tab_reloads_when_its_page_changed_and_only_then(browser, project, tmp_path):
    log = tmp_path / "serve.log"
    with preview(project, log=log, timeout=TIMEOUT) as served:
        edited, other = browser.new_page(), browser.new_page()
        try:
            edited.goto(f"{served.address}analyses/fabrikam-northwind-foundry-pact/")
            other.goto(f"{served.address}analyses/northwind-contoso-safety-lab/")
            time.sleep(1)  # each tab's script now waits for a change
            for tab in (edited, other):
                tab.evaluate("window.pwLoaded = true")
            settled = log.read_text("utf-8").count(SETTLED)
            source = project / "content/analyses/fabrikam-northwind-foundry-pact.yaml"
            source.write_text(source.read_text("utf-8").replace("sits idle", "stands idle"), "utf-8")
            deadline = time.monotonic() + TIMEOUT
            while log.read_text("utf-8").count(SETTLED) <= settled and time.monotonic() < deadline:
                time.sleep(0.1)
            edited.wait_for_function("document.body.textContent.includes('stands idle')", timeout=TIMEOUT * 1000)
            assert edited.evaluate("window.pwLoaded === undefined")  # reloaded
            time.sleep(1)
            assert other.evaluate("window.pwLoaded === true")  # left as it was
        finally:
            edited.close()
            other.close()
