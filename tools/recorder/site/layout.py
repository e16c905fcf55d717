"""Names shared by the recorder, the sandbox and the site, defined once.

A page's snippet folder holds NAME.sh (the command), NAME.out (its recorded output as
text, which check compares), NAME.html (the same output as the site shows it, in colour),
options.yml, recording.yml (provenance data), recording.md (the provenance line the page
shows under its title) and files/ (copied into the sandbox's working directory).
"""

from __future__ import annotations

# The reader's working directory inside the sandbox (also the sandbox image's WORKDIR).
WORKDIR = "/tutorial"

COMMAND_SUFFIX = ".sh"
OUTPUT_SUFFIX = ".out"
HTML_SUFFIX = ".html"
OPTIONS_FILE = "options.yml"
FILES_DIR = "files"
PROVENANCE_FILE = "recording.yml"
RECORDING_NOTE_FILE = "recording.md"
