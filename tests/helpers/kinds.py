"""A snippet kind of a site's own, as a package would register it: the command run by
`docker exec` without a terminal, so what it prints arrives as plain lines."""

PLAIN_KIND_MODULE = """\
import subprocess

from recorder.kinds import CommandResult


class PlainRunner:
    def __init__(self, sandbox):
        self.sandbox = sandbox

    def run(self, command, options, on_output=None):
        finished = subprocess.run(
            ["docker", "exec", "-w", self.sandbox.workdir, self.sandbox.container, "sh", "-c", command],
            env=self.sandbox.environment, capture_output=True, text=True, timeout=options.timeout,
        )
        # What a terminal would show: its lines end with a carriage return and a line feed.
        return CommandResult(finished.stdout.replace("\\n", "\\r\\n"), finished.returncode)

    def close(self):
        pass


class PlainKind:
    name = "plain"

    def start(self, sandbox):
        return PlainRunner(sandbox)


PLAIN = PlainKind()
NOT_A_KIND = "plain"
"""
