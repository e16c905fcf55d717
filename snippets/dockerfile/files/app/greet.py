"""Greet someone and keep every greeting in a file under /data."""

import os
import platform
from pathlib import Path

name = os.environ.get("NAME", "stranger")
greetings = Path("/data/greetings.txt")

message = f"Hello, {name}! Greetings from Python {platform.python_version()}."
print(message)

with greetings.open("a", encoding="utf-8") as file:
    file.write(message + "\n")

count = len(greetings.read_text(encoding="utf-8").splitlines())
print(f"{greetings} now holds {count} greeting(s).")
