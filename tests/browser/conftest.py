"""The browser tier: one worker builds and serves the site once and drives one Chromium for all of it."""

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.xdist_group("browser"))
