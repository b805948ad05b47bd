"""A fresh Xvfb server per end-to-end test."""

from __future__ import annotations

import pytest

from tests.conftest import require_tool
from tests.e2e.xserver import XServer


@pytest.fixture
def xserver():
    require_tool("Xvfb")
    require_tool("xwininfo")
    server = XServer()
    yield server
    server.close()
