"""An open page in headless Chromium (Debian's, never a downloaded one) updates by itself on save."""

import shutil
import threading

from digest.build import TEMPLATES_DIR
from digest.config import load_config
from digest.serve import start

NOTE = "---\ntitle: {title}\ndate: 2026-04-08\nsource: Notes\n---\nA note about chips and what they cost.\n"


def test_open_page_reloads_itself_after_a_save_and_after_a_fixed_error(project, browser):
    note = project / "sources" / "note.md"
    note.write_text(NOTE.format(title="Before The Save"), encoding="utf-8")
    shutil.copytree(TEMPLATES_DIR, project / "templates")
    cfg = load_config(project / "digest.yaml")
    server, _, observer = start(cfg, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/issues/2026-W15/index.html"
    errors: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    try:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        assert "Before The Save" in page.content()
        page.wait_for_timeout(300)  # the event stream is connected
        note.write_text(NOTE.format(title="After The Save"), encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('After The Save')", timeout=30000)
        # A broken template: the open tab shows the error page, then recovers once it is fixed.
        base = project / "templates" / "base.html"
        good = base.read_text(encoding="utf-8")
        base.write_text(good + "{% endif %}", encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('Build failed')", timeout=30000)
        assert "base.html" in page.inner_text("body")
        base.write_text(good, encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('After The Save')", timeout=30000)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
        observer.stop()
        observer.join(timeout=2)
    assert errors == []
