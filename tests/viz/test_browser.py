"""The HTML page in a real headless Chromium with no network: draws, no errors, nothing executed."""

from __future__ import annotations

import io
import time

import networkx as nx
import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains

import kgraph
from kgraph.viz import render_html
from tests.viz.browsing import open_page, problems

pytestmark = pytest.mark.browser


def _not_blank(png: bytes) -> None:
    import numpy as np
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)[:, 320:]  # right of the side panel
    pixels = image.reshape(-1, 3)
    coloured = int(((pixels.max(axis=1) - pixels.min(axis=1)) > 40).sum())
    assert len(np.unique(pixels, axis=0)) > 50 and coloured > 500, "the drawing looks blank"


def test_full_graph_draws_offline(browser, builtin_graph, tmp_path):
    page = render_html(
        builtin_graph,
        plan=kgraph.learning_plan(
            builtin_graph, ["topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"]
        ),
        context=True,  # the whole graph, the plan highlighted (the default draws the plan's route only)
    )
    path = page.write(tmp_path / "graph.html")
    open_page(browser, path)
    counts = browser.execute_script("return [nodes.length, edges.length, window.kgraph.nodes.length]")
    assert counts == [builtin_graph.number_of_nodes(), builtin_graph.number_of_edges(), page.nodes]
    drawn = browser.execute_script("return window.kgraph.network.body.nodeIndices.length")
    assert drawn == builtin_graph.number_of_nodes()
    console, failed, external = problems(browser)
    assert console == [] and failed == [] and external == []
    steps = browser.execute_script(
        "return Array.from(document.querySelectorAll('#steps li button')).map(b => b.textContent)"
    )
    assert steps[-1].endswith(". Horizontal Pod Autoscaler (HPA) (goal)") and len(steps) > 5
    _not_blank(browser.get_screenshot_as_png())


def test_search_and_filters_work(browser, builtin_graph, tmp_path):
    path = render_html(builtin_graph).write(tmp_path / "graph.html")
    open_page(browser, path)
    browser.execute_script(
        "var s = document.getElementById('search'); s.value = 'rbac'; s.dispatchEvent(new Event('input'));"
    )
    found = browser.execute_script(
        "return Array.from(document.querySelectorAll('#matches button')).map(b => b.textContent)"
    )
    assert any(text.startswith("RBAC (topic, Kubernetes)") for text in found)
    browser.execute_script("document.querySelector('#matches button').click()")
    assert browser.execute_script("return window.kgraph.network.getSelectedNodes().length") == 1
    shown = browser.execute_script(
        "var f = document.getElementById('filter-roadmap'); f.value = 'Docker'; f.dispatchEvent(new Event('change'));"
        "return window.kgraph.network.body.nodeIndices.length"
    )
    docker = sum(
        1 for _, d in builtin_graph.nodes(data=True) if d.get("roadmap") == "roadmap:docker" or _ == "roadmap:docker"
    )
    assert shown == docker
    console, failed, external = problems(browser)
    assert console == [] and failed == [] and external == []


HOSTILE = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=2</script>",
    '"></script><script>window.__xss=3</script>',
    "{{ 7*7 }} `backtick` ${window.__xss=4}",
]


def test_hostile_strings_are_shown_as_text(browser, tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("roadmap:evil", kind="roadmap", name=HOSTILE[2])
    G.add_node("category:evil/c", kind="category", name=HOSTILE[3], roadmap="roadmap:evil")
    G.add_edge("roadmap:evil", "category:evil/c", key="HAS_CATEGORY", kind="HAS_CATEGORY")
    for i, text in enumerate(HOSTILE):
        node = f"topic:evil/c/t{i}"
        G.add_node(
            node,
            kind="topic",
            name=text,
            description=HOSTILE[(i + 1) % 4],
            roadmap="roadmap:evil",
            category="category:evil/c",
            level="beginner",
            effort_hours=1,
        )
        G.add_edge("category:evil/c", node, key="HAS_TOPIC", kind="HAS_TOPIC")
    G.add_edge("topic:evil/c/t1", "topic:evil/c/t0", key="REQUIRES", kind="REQUIRES", reason=HOSTILE[1])
    G.add_node("concept:evil", kind="concept", name="evil", aliases=[HOSTILE[0]])
    page = render_html(G, path=["topic:evil/c/t0", "topic:evil/c/t1"], title=HOSTILE[1])
    path = page.write(tmp_path / "evil.html")
    open_page(browser, path)
    assert browser.execute_script("return window.__xss === undefined")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert browser.execute_script("return document.title") == HOSTILE[1]
    # hover a node: its tooltip shows the hostile text literally
    x, y = browser.execute_script(
        "var p = window.kgraph.network.canvasToDOM(window.kgraph.network.getPosition('topic:evil/c/t0'));"
        "var r = document.getElementById('mynetwork').getBoundingClientRect(); return [p.x + r.left, p.y + r.top];"
    )
    ActionChains(browser).move_by_offset(0, 0).perform()
    body = browser.find_element("tag name", "body")
    ActionChains(browser).move_to_element_with_offset(
        body, int(x) - body.size["width"] // 2, int(y) - body.size["height"] // 2
    ).perform()
    time.sleep(0.6)
    tooltip = browser.execute_script("var t = document.getElementById('kg-tooltip'); return t ? t.textContent : ''")
    assert HOSTILE[0] in tooltip
    browser.execute_script(
        "var s = document.getElementById('search'); s.value = 'script'; s.dispatchEvent(new Event('input'));"
    )
    assert browser.execute_script("return window.__xss === undefined")
    console, failed, external = problems(browser)
    assert console == [] and failed == [] and external == []
