import time
import pytest

@pytest.mark.browser
def test_scratch(page_for, demo_server):
    t=time.time()
    page = page_for("dieuphoi")
    print("login", time.time()-t, page.url)
    page.screenshot(path="/tmp/dash.png", full_page=True)
    page.goto(demo_server.url + "/ke-hoach/")
    page.screenshot(path="/tmp/plans.png")
