"""Shared by the web tests: paths, the example city, a browser's Accept header."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
CITY = "jp-midsize-city"
