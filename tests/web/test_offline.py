"""Offline: no page references an asset (script, style sheet, image, frame, font) on another host, and
every local asset a page names is served."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

from webkit import CITY

START = ["/", "/browse", "/browse/standards", "/validate", "/cities", f"/cities/{CITY}", "/queries", "/sparql",
         "/search?q=city", "/docs", "/redoc", "/?lang=ja"]
ASSET_ATTRS = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("embed", "src"),
               ("object", "data"), ("link", "href")}


class Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for (t, a) in ASSET_ATTRS:
            if tag == t and attrs.get(a) and not (tag == "link" and attrs.get("rel") in ("alternate",)):
                self.assets.append(attrs[a])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("style"):
            self.assets += re.findall(r"url\(['\"]?([^'\")]+)", attrs["style"])


def _local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("", "data") or parsed.netloc == "scra.test"


def test_no_page_uses_an_asset_from_another_host(web):
    seen, todo, assets = set(), list(START), set()
    while todo and len(seen) < 400:  # every page reachable from the start pages (term pages too)
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        r = web.get(url)
        if not r.headers.get("content-type", "").startswith("text/html"):
            continue
        refs = Refs()
        refs.feed(r.text)
        foreign = [a for a in refs.assets if not _local(a)]
        assert not foreign, (url, foreign)
        inline_css = " ".join(re.findall(r"<style[^>]*>(.*?)</style>", r.text, re.S))
        assert not re.search(r"url\(['\"]?(https?:)?//", inline_css), url
        assets.update(urljoin(url, a) for a in refs.assets if not a.startswith("data:"))
        for link in refs.links:
            absolute = urljoin("http://scra.test" + url, link)
            parsed = urlparse(absolute)
            if parsed.netloc == "scra.test" and not parsed.query.startswith("format") and "format=" not in parsed.query \
                    and not parsed.path.startswith(("/static/", "/health")) and "lang=" not in parsed.query:
                todo.append(parsed.path + ("?" + parsed.query if parsed.query else ""))
    assert len(seen) > 50
    for asset in sorted(assets):
        r = web.get(urlparse(asset).path)
        assert r.status_code == 200, asset  # served by scra (node_modules installed by `make install`)
    css = web.get("/static/scra/scra.css").text
    assert not re.search(r"url\(['\"]?(https?:)?//", css) and "@import" not in css
