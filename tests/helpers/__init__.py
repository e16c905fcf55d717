"""What the test tiers share: the recorder run as a user runs it, small pages, the site and its browser.

Test modules import from here, never from one another or from conftest.py, which holds only fixtures.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
