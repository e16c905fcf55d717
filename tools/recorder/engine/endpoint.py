"""The one engine address of a run: resolved once, used by the SDK and by every `docker` command.

Docker's own rule decides: `DOCKER_HOST` (with `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH`),
else the current context (`DOCKER_CONTEXT` or `docker context use`). The SDK client, the pty
session (`docker exec -it`) and `docker save` then all talk to that engine, even where the
CLI's and the SDK's defaults would differ.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import docker
import requests
from docker.context import ContextAPI
from docker.errors import DockerException
from docker.tls import TLSConfig
from docker.utils import kwargs_from_env

from recorder.errors import EngineError

# The environment variables the docker CLI reads to find its engine; a child gets exactly ours.
CLI_VARIABLES = ("DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONTEXT")


@dataclass(frozen=True)
class Endpoint:
    """Where the engine is, how to reach it with TLS, and what a `docker` child needs to reach it too."""

    host: str
    tls: TLSConfig | None = None
    cli_environment: dict[str, str] = field(default_factory=dict)

    def environment(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """An environment for a `docker` child process that points it at this engine and no other."""
        env = {k: v for k, v in (os.environ if base is None else base).items() if k not in CLI_VARIABLES}
        env.update(self.cli_environment)
        return env


def resolve(environment: Mapping[str, str] | None = None) -> Endpoint:
    """The engine the environment names, by Docker's rule, as one concrete endpoint."""
    environment = dict(os.environ if environment is None else environment)
    if environment.get("DOCKER_HOST"):
        params = kwargs_from_env(environment=environment)
        kept = {k: environment[k] for k in CLI_VARIABLES if k != "DOCKER_CONTEXT" and environment.get(k)}
        return Endpoint(params["base_url"], params.get("tls") or None, kept)
    name = environment.get("DOCKER_CONTEXT") or None
    try:
        context = ContextAPI.get_context(name)
    except DockerException as error:
        raise EngineError(f"the Docker context {name!r} cannot be read: {error}") from None
    if context is None:
        raise EngineError(f"no Docker context named {name!r} (see `docker context ls`)")
    host = context.Host or "unix:///var/run/docker.sock"
    if context.Name == "default":
        # The default context is the CLI's built-in local socket: naming the host is enough.
        return Endpoint(host, None, {"DOCKER_HOST": host})
    return Endpoint(host, context.TLSConfig, {"DOCKER_CONTEXT": context.Name})


def connect(endpoint: Endpoint, pool_size: int = 10, timeout: float = 300) -> docker.DockerClient:
    """A client for the endpoint, with room for `pool_size` connections at once, or one clear line."""
    try:
        client = docker.DockerClient(
            base_url=endpoint.host,
            tls=endpoint.tls or False,
            timeout=timeout,  # type: ignore[arg-type]  # seconds as a float reach requests unchanged
            max_pool_size=pool_size,
            use_ssh_client=endpoint.host.startswith("ssh://"),
        )
        _widen_http_pool(client, pool_size)
        client.ping()
    except (DockerException, requests.exceptions.RequestException) as error:
        raise EngineError(
            f"no Docker engine answers at {endpoint.host} ({error.__class__.__name__}); start one, "
            "or run `make engine` as root on Debian to install and start it"
        ) from None
    return client


def _widen_http_pool(client: docker.DockerClient, pool_size: int) -> None:
    """The SDK sizes its pool for unix and ssh engines only; give tcp:// the same room."""
    api = client.api
    if api.base_url.startswith(("http://", "https://")):
        scheme = api.base_url.split(":", 1)[0] + "://"
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=pool_size)
        api.mount(scheme, adapter)
