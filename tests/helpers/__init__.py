"""What the test tiers share: the recorder run as a user runs it, small pages, the site and its browser.

Test modules import from here, never from one another or from conftest.py, which holds only fixtures.
"""

from pathlib import Path

from recorder.site.config import load_config

ROOT = Path(__file__).resolve().parents[2]
# The tutorial's configuration: the names and labels its runs use, its stand-ins, its working directory.
SITE = load_config(ROOT)
NAMING = SITE.naming
