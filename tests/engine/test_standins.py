"""Against the real engine: each stand-in behaves as the official image does where the tutorial
relies on it, seen from a page's sandbox exactly as a reader's commands see it.

Where Docker Hub answers these run against the official images, and must pass the same.
"""

from __future__ import annotations

import pytest

from helpers import NAMING
from helpers.pages import command_block
from helpers.recorder_cli import run_recorder
from recorder import engine
from recorder_dev.site_table import write_site_configuration

pytestmark = pytest.mark.xdist_group("standins")  # one worker records the stand-ins page once

SNIPPETS = {
    "nginx-run": "docker run -d --name web -p 8080:80 nginx",
    "nginx-ps": "docker ps --format '{{.Command}} {{.Ports}}'",
    "nginx-port": "docker port web",
    "nginx-listen": "docker exec web grep listen /etc/nginx/conf.d/default.conf",
    "nginx-curl": "curl -s -o /dev/null -w '%{http_code}\\n' http://localhost:8080/",
    "nginx-logs": "docker logs web 2>/dev/null",
    # nginx -v writes to stderr, which docker exec (no -t) relays apart from stdout: one stream keeps the order.
    "nginx-version": "docker exec web sh -c 'echo $NGINX_VERSION; nginx -v 2>&1'",
    "nginx-config": "docker inspect -f '{{json .Config.Cmd}} {{.Config.StopSignal}} {{json .Config.Entrypoint}}' nginx",
    "nginx-stop": "docker stop web && docker inspect --format '{{.State.ExitCode}}' web",
    "redis-run": "docker run -d --name cache redis && sleep 1",
    "redis-user": 'docker exec cache sh -c \'stat -c %U /proc/1; tr "\\0" " " </proc/1/cmdline; echo\'',
    "redis-data": "docker exec cache sh -c 'pwd; stat -c %U /data'",
    "redis-cli": "docker exec cache redis-cli ping",
    "redis-version": "docker exec cache sh -c 'echo $REDIS_VERSION; redis-server --version'",
    "redis-logs": "docker logs cache",
    "redis-config": "docker inspect --format '{{json .Config.Volumes}} {{json .Config.Cmd}}' redis",
    "python-env": "docker run --rm python:3.13-slim-trixie sh -c 'echo \"$PYTHON_VERSION|$LANG\"; python3 --version'",
    "python-config": "docker inspect --format '{{json .Config.Cmd}}' python:3.13-slim-trixie",
    "registry-run": "docker run -d -p 5000:5000 --name reg registry:3 && sleep 1",
    "registry-push": "docker tag redis localhost:5000/my-redis && docker push localhost:5000/my-redis",
    "registry-pull": "docker rmi localhost:5000/my-redis && docker pull localhost:5000/my-redis",
    "registry-data": "docker exec reg ls /var/lib/registry/docker/registry/v2/repositories",
    # postgres: no password on an empty volume is an error (the snippet itself ends well).
    "postgres-no-password": "docker run --rm postgres:17; echo status=$?",
    "postgres-files": (
        "mkdir initdb && printf 'CREATE TABLE t (x int);\\nINSERT INTO t VALUES (42);\\n' >initdb/01-t.sql"
        " && printf '#!/bin/sh\\necho \"init script ran as $(id -un)\"\\n' >initdb/02-hello.sh"
        " && chmod +x initdb/02-hello.sh && printf 'secret\\n' >pw"
    ),
    "postgres-run": (
        "docker network create pgnet >/dev/null && docker run -d --name db --network pgnet"
        ' -e POSTGRES_DB=shop -e POSTGRES_PASSWORD_FILE=/run/pw -v "$PWD/pw:/run/pw:ro"'
        ' -v pgdata:/var/lib/postgresql/data -v "$PWD/initdb:/docker-entrypoint-initdb.d:ro" postgres:17 >/dev/null'
        " && until docker exec db pg_isready -h localhost -q; do sleep 1; done"
    ),
    "postgres-logs": "docker logs db 2>&1",
    "postgres-user": (
        'docker exec db sh -c \'stat -c "%U %u" /proc/1; stat -c "%a %U" "$PGDATA";'
        " echo $PG_VERSION; postgres --version'"
    ),
    "postgres-query": "docker exec db psql -U postgres -d shop -tAc 'select x from t'",
    "postgres-tcp": (
        "docker run --rm --network pgnet -e PGPASSWORD=secret postgres:17"
        " psql -h db -U postgres -d shop -tAc 'select x from t'"
    ),
    "postgres-tcp-wrong": (
        "docker run --rm --network pgnet -e PGPASSWORD=wrong postgres:17"
        " psql -h db -U postgres -d shop -tAc 'select 1' 2>&1; echo status=$?"
    ),
    "postgres-stop": "docker stop db && docker inspect --format '{{.State.ExitCode}}' db && docker rm db",
    "postgres-again": (
        "docker run -d --name db2 -e POSTGRES_PASSWORD=other -v pgdata:/var/lib/postgresql/data postgres:17"
        " >/dev/null && until docker exec db2 pg_isready -h localhost -q; do sleep 1; done"
        " && docker exec db2 psql -U postgres -d shop -tAc 'select x from t' && docker logs db2 2>&1"
    ),
    "postgres-config": (
        "docker inspect --format '{{json .Config.Volumes}} {{json .Config.ExposedPorts}} {{.Config.StopSignal}}"
        " {{json .Config.Cmd}} {{json .Config.Entrypoint}}' postgres:17"
    ),
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Record one page running every snippet above; its outputs by snippet name."""
    root = tmp_path_factory.mktemp("standins")
    write_site_configuration(root)
    (root / "docs").mkdir()
    folder = root / "snippets" / "standins"
    folder.mkdir(parents=True)
    blocks = ["# stand-ins\n"]
    for name, command in SNIPPETS.items():
        (folder / f"{name}.sh").write_text(command + "\n")
        blocks.append(command_block("standins", name))
    (root / "docs" / "standins.md").write_text("\n".join(blocks))
    result = run_recorder(root, "record", timeout=1800)
    assert result.returncode == 0, result.stderr
    assert engine.leftovers(engine.connect(), NAMING, engine.project_key(root)) == []
    return {name: (folder / f"{name}.out").read_text() for name in SNIPPETS}


def test_nginx_starts_through_its_entrypoint_and_logs_what_it_did(outputs: dict[str, str]) -> None:
    assert outputs["nginx-ps"].startswith('"/docker-entrypoint.…"')
    assert outputs["nginx-config"].strip() == '["nginx","-g","daemon off;"] SIGQUIT ["/docker-entrypoint.sh"]'
    logs = outputs["nginx-logs"].splitlines()
    assert logs[:3] == [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    ]
    assert "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf" in logs
    assert "/docker-entrypoint.sh: Configuration complete; ready for start up" in logs
    # The official access log format ends with the X-Forwarded-For field.
    (access,) = [line for line in logs if "GET / HTTP/1.1" in line]
    assert access.endswith('"-"') and '" 200 ' in access


def test_versions_in_the_environment_tell_the_truth(outputs: dict[str, str]) -> None:
    nginx_version, nginx_says = outputs["nginx-version"].splitlines()
    assert nginx_says == f"nginx version: nginx/{nginx_version}"
    redis_version, redis_says = outputs["redis-version"].splitlines()
    assert redis_says.startswith(f"Redis server v={redis_version} ")


def test_nginx_is_published_and_listens_on_both_address_families(outputs: dict[str, str]) -> None:
    assert outputs["nginx-port"].splitlines() == ["80/tcp -> 0.0.0.0:8080", "80/tcp -> [::]:8080"]
    assert "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp" in outputs["nginx-ps"]
    listens = [line.strip() for line in outputs["nginx-listen"].splitlines()]
    assert listens == ["listen       80;", "listen  [::]:80;"]
    assert outputs["nginx-curl"].strip() == "200"


def test_nginx_stops_at_once_on_its_stop_signal(outputs: dict[str, str]) -> None:
    assert outputs["nginx-stop"].splitlines() == ["web", "0"]


def test_redis_runs_as_redis_in_data_with_its_cli(outputs: dict[str, str]) -> None:
    user, command = outputs["redis-user"].splitlines()
    assert user == "redis" and command.startswith("redis-server *:6379")
    assert outputs["redis-data"].splitlines() == ["/data", "redis"]
    assert outputs["redis-cli"].strip() == "PONG"
    assert outputs["redis-config"].strip() == 'null ["redis-server"]'  # no VOLUME, as in the official 8.6
    logs = outputs["redis-logs"].splitlines()
    assert logs[0] == "Starting Redis Server" and any("Ready to accept connections tcp" in line for line in logs)


def test_python_has_the_official_environment_and_command(outputs: dict[str, str]) -> None:
    environment, version = outputs["python-env"].splitlines()[-2:]
    python_version, lang = environment.split("|")
    assert lang == "C.UTF-8"
    assert version == f"Python {python_version}"  # PYTHON_VERSION tells the truth
    assert outputs["python-config"].strip() == '["python3"]'


def test_registry_takes_a_push_and_serves_the_pull(outputs: dict[str, str]) -> None:
    assert "latest: digest: sha256:" in outputs["registry-push"]
    assert "Status: Downloaded newer image for localhost:5000/my-redis:latest" in outputs["registry-pull"]
    assert outputs["registry-data"].split() == ["my-redis"]


def test_postgres_needs_a_password_for_an_empty_data_directory(outputs: dict[str, str]) -> None:
    said = outputs["postgres-no-password"]
    assert "Error: Database is uninitialized and superuser password is not specified." in said
    assert "POSTGRES_PASSWORD" in said and said.splitlines()[-1] == "status=1"


def test_postgres_initialises_once_and_runs_the_init_scripts(outputs: dict[str, str]) -> None:
    logs = outputs["postgres-logs"].splitlines()
    assert "CREATE DATABASE" in logs  # POSTGRES_DB
    assert "/usr/local/bin/docker-entrypoint.sh: running /docker-entrypoint-initdb.d/01-t.sql" in logs
    assert "/usr/local/bin/docker-entrypoint.sh: running /docker-entrypoint-initdb.d/02-hello.sh" in logs
    assert "init script ran as postgres" in logs
    assert "PostgreSQL init process complete; ready for start up." in logs
    assert any(line.endswith("LOG:  database system is ready to accept connections") for line in logs)
    assert outputs["postgres-query"].strip() == "42"


def test_postgres_runs_as_postgres_and_says_its_version(outputs: dict[str, str]) -> None:
    user, data, version, says = outputs["postgres-user"].splitlines()
    assert user == "postgres 999" and data == "700 postgres"
    assert says.startswith(f"postgres (PostgreSQL) {version.split('-')[0]} ")  # PG_VERSION tells the truth
    assert outputs["postgres-config"].strip() == (
        '{"/var/lib/postgresql/data":{}} {"5432/tcp":{}} SIGINT ["postgres"] ["docker-entrypoint.sh"]'
    )


def test_postgres_takes_other_hosts_with_their_password_only(outputs: dict[str, str]) -> None:
    assert outputs["postgres-tcp"].strip() == "42"
    wrong = outputs["postgres-tcp-wrong"]
    assert 'password authentication failed for user "postgres"' in wrong and wrong.splitlines()[-1] == "status=2"


def test_postgres_data_outlives_its_container(outputs: dict[str, str]) -> None:
    assert outputs["postgres-stop"].splitlines() == ["db", "0", "db"]  # SIGINT: a fast shutdown
    again = outputs["postgres-again"].splitlines()
    assert again[0] == "42"  # the table the first container's init script made
    assert "PostgreSQL Database directory appears to contain a database; Skipping initialization" in again
    assert not any("init process complete" in line for line in again)
