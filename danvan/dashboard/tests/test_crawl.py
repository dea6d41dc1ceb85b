"""Every page a persona can reach by following links speaks Vietnamese to its edges: no
Django placeholder, no English message, no server error."""

import re
from collections import deque

import pytest
from django.test import Client

from danvan.conftest import People
from danvan.reporting.tests.conftest import client_for

FORBIDDEN = [
    "---------", "(form)", "dd/mm/yyyy", "Select this object", "Please correct", "This field",
    "Enter a valid", "matches the given query", "Not Found", "Forbidden", "Server Error",
    "None</", ">None<", "Traceback",
]  # fmt: skip
SKIP = re.compile(r"^/(quan-tri|api|dang-xuat|static|media)|format=|/tep/|\.xlsx|\.ico")
LINK = re.compile(r'href="(/[^"#]*)"')


def crawl(client: Client, start: str = "/", most: int = 120) -> dict[str, str]:
    """Pages reached from `start` by their links (GET only), with their text."""
    seen: dict[str, str] = {}
    queue = deque([start])
    while queue and len(seen) < most:
        url = queue.popleft().replace("&amp;", "&")
        if url in seen or SKIP.search(url):
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        html = response.get("Content-Type", "").startswith("text/html")
        text = response.content.decode() if response.status_code == 200 and html else ""
        seen[url] = text
        for link in LINK.findall(text):
            if link not in seen:
                queue.append(link)
    return seen


@pytest.mark.parametrize("who", ["province", "commune_a", "writer_a"])
def test_every_page_reached_is_vietnamese_to_its_edges(
    recorded: People, march_2021: None, who: str
) -> None:
    user = getattr(recorded.world, who, None) or getattr(recorded, who)
    pages = crawl(client_for(user))
    assert len(pages) > 20
    assert "/bang-dieu-khien/" in pages  # the leaders' dashboard is reached from the home page
    found = [(url, word) for url, text in pages.items() for word in FORBIDDEN if word in text]
    assert not found, found
