"""Every command on the site runs alike on Linux, macOS (BSD tools, zsh) and WSL 2: the known
non-portable forms are found (each rule with its bad form and the portable one beside it),
and no snippet of the site has any."""

from __future__ import annotations

import pytest

from helpers import ROOT
from recorder.site.portability import compose_port_findings, findings

# rule: (commands it must flag, portable commands it must let through)
RULES = {
    "sed": (
        ["sed -i 's/world/reader/' Dockerfile", "sed -ni 's/a/b/p' f", "sed --in-place s/a/b/ f", "sed -r 's/a+/b/' f"],
        ["sed -i.bak 's/world/reader/' Dockerfile && rm Dockerfile.bak", "sed -E 's/a+/b/' f", "sed -n p f"],
    ),
    "stat": (["stat -c '%U:%G %n' output", "stat --format=%s f"], ["ls -ld output", "stat output"]),
    "date": (
        ["date -d yesterday", "date -Iseconds", "date --iso-8601", "date +%s%N", "date -R"],
        ["date +%Y-%m-%d", "date -u"],
    ),
    "readlink": (["readlink -f link", "readlink --canonicalize x"], ["readlink link", 'cd "$(dirname x)" && pwd -P']),
    "xargs": (["docker ps -q | xargs -r docker stop"], ["docker ps -q | xargs docker stop"]),
    "grep": (["grep -P '\\d+' f", "grep -oP x f"], ["grep -E '[0-9]+' f", "grep -o x f"]),
    "echo": (["echo -e 'a\\tb'"], ["printf 'a\\tb\\n'", "echo hello"]),
    "docker": (
        [
            "docker run -d -p 5000:5000 registry:3",
            "docker run -p 127.0.0.1:5000:5000 r",
            "docker run --publish=7000:80 n",
        ],
        ["docker run -d -p 127.0.0.1:5001:5000 registry:3", "docker run -p 80 nginx", "docker run -p 8080:5000 x"],
    ),
    "port": (
        ["curl http://localhost:5000/v2/_catalog", "docker push localhost:5000/greeter"],
        ["curl http://localhost:5001/v2/_catalog", "docker push localhost:5001/greeter"],
    ),
    "wget": (["wget -qO- http://localhost:8080/"], ["curl -s http://localhost:8080/"]),
    "timeout": (["timeout 5 docker logs -f web"], ["docker logs --tail 5 web"]),
    "comment": (
        ["docker ps -a # every container", "docker ps;# list", "docker ps\n# then\ndocker images"],
        ["docker rm stoic_golick # (1)!", "echo a#b", "echo '# quoted' \\# $#", "curl -s 'http://x/#top'"],
    ),
}


@pytest.mark.parametrize("rule", list(RULES))
def test_each_rule_flags_its_form_and_lets_the_portable_one_through(rule: str) -> None:
    bad, good = RULES[rule]
    for command in bad:
        assert rule in [finding.rule for finding in findings(command)], f"{rule} should flag: {command}"
    for command in good:
        assert findings(command) == [], f"{rule} should let through: {command}"


def test_what_a_container_runs_is_the_containers_business() -> None:
    """The script of `sh -c '...'` in a Linux container, or a quoted argument, is not the reader's shell."""
    assert findings("docker exec cache sh -c 'stat -c %U /data'") == []
    assert findings("docker run --rm debian sed -i 's/a/b/' /etc/hostname") == []  # the container's GNU sed
    assert findings('docker run --rm -u "$(id -u):$(id -g)" -v "$(pwd)/out:/data" img') == []


def test_every_command_after_a_separator_is_looked_at() -> None:
    command = "docker build -t greeter . && sed -i 's/a/b/' f; cat f | xargs -r echo\nFOO=1 stat -c %U f"
    assert [finding.rule for finding in findings(command)] == ["sed", "xargs", "stat"]
    assert [finding.rule for finding in findings("echo $(date -d now)")] == ["date"]
    assert [finding.rule for finding in findings("time sudo stat -c %U f")] == ["stat"]


def test_compose_files_are_looked_at_for_held_ports() -> None:
    assert [f.rule for f in compose_port_findings('services:\n  r:\n    ports:\n      - "5000:5000"\n')] == ["port"]
    assert compose_port_findings('    ports:\n      - "127.0.0.1:8000:8000"\n') == []


SNIPPETS = sorted((ROOT / "snippets").glob("*/*.sh"))
COMPOSE_FILES = sorted((ROOT / "snippets").glob("*/files/**/compose*.y*ml"))


def test_the_site_has_snippets_and_compose_files_to_look_at() -> None:
    assert len(SNIPPETS) > 100 and COMPOSE_FILES


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_snippet_has_a_non_portable_form(path) -> None:
    found = findings(path.read_text(encoding="utf-8"))
    assert not found, "; ".join(f"{finding.words}: {finding.why}" for finding in found)


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda path: str(path.relative_to(ROOT / "snippets")))
def test_no_compose_file_publishes_a_held_port(path) -> None:
    found = compose_port_findings(path.read_text(encoding="utf-8"))
    assert not found, "; ".join(f"{finding.words}: {finding.why}" for finding in found)
