"""Every test of this tier runs against the real engine, provisioned once for the session first."""

import pytest


@pytest.fixture(autouse=True)
def _engine_provisioned(client) -> None:
    """The session's provisioning comes first, so no test's timing includes building images."""
