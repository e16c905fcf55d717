"""Names shared by the recorder, the sandbox and the site, defined once.

A page's snippet folder holds NAME.sh (the command), NAME.out (its recorded output),
options.yml, recording.yml and files/ (copied into the sandbox's working directory).
"""

from __future__ import annotations

# The reader's working directory inside the sandbox (also the sandbox image's WORKDIR).
WORKDIR = "/tutorial"

COMMAND_SUFFIX = ".sh"
OUTPUT_SUFFIX = ".out"
OPTIONS_FILE = "options.yml"
FILES_DIR = "files"
PROVENANCE_FILE = "recording.yml"
