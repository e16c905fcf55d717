"""What HEALTHCHECK runs: exit 0 if the app answers on /health, 1 if it does not."""

import sys
import urllib.request

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/health"

try:
    with urllib.request.urlopen(URL, timeout=2) as response:
        print(response.read().decode().strip())
except OSError as error:
    print(f"{URL}: {error}")
    sys.exit(1)
