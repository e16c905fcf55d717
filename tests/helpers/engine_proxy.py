"""A path to the real engine that tests control: on a Unix socket or on 127.0.0.1, cuttable, observed.

It forwards every connection to Docker's own socket. `cut` breaks the open connections and
refuses new ones (closed after their request is read, as an engine going away does), noting
each refused request, so a test can wait until the recorder has noticed the outage. It notes the User-Agent of
every request, so a test can tell the SDK's requests from the docker CLI's.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
from pathlib import Path

ENGINE_SOCKET = "/var/run/docker.sock"
USER_AGENT = re.compile(rb"\r\nUser-Agent: ([^\r\n]+)", re.IGNORECASE)


class EngineProxy:
    """Forwards connections to the engine; `cut` refuses them until `restore`."""

    def __init__(self, path: Path | None = None) -> None:
        """Listen on the Unix socket at path, or on a free TCP port of 127.0.0.1 when path is None."""
        self.path = path
        self.user_agents: set[str] = set()
        self.refused_requests: list[str] = []
        self._cut = False
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        if path is None:
            self._server = socket.create_server(("127.0.0.1", 0))
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            self._server = socket.socket(socket.AF_UNIX)
            self._server.bind(str(path))
        self._server.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def docker_host(self) -> str:
        if self.path is None:
            return f"tcp://127.0.0.1:{self._server.getsockname()[1]}"
        return f"unix://{self.path}"

    def cut(self) -> None:
        """Break the open connections and refuse new ones, as a stopped engine would."""
        with self._lock:
            self._cut = True
            self.refused_requests.clear()
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self._connections.clear()

    def restore(self) -> None:
        with self._lock:
            self._cut = False

    def wait_for_refused_ping(self, timeout: float) -> bool:
        """Wait until the SDK asked whether the engine answers (GET /_ping) and was refused."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(request.endswith("/_ping docker-sdk-python") for request in list(self.refused_requests)):
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        self.cut()
        self._server.close()
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            with self._lock:
                cut = self._cut
            if cut:
                threading.Thread(target=self._refuse, args=(client,), daemon=True).start()
                continue
            with self._lock:
                upstream = socket.socket(socket.AF_UNIX)
                upstream.connect(ENGINE_SOCKET)
                self._connections += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _refuse(self, client: socket.socket) -> None:
        """Note which request was refused ("GET /v1.41/_ping docker-sdk-python"), then close."""
        client.settimeout(2)
        try:
            data = client.recv(65536)
        except OSError:
            data = b""
        finally:
            client.close()
        request = data.split(b"\r\n", 1)[0].decode(errors="replace").rsplit(" ", 1)[0]
        agent = (USER_AGENT.findall(data) or [b""])[0].decode(errors="replace").split("/", 1)[0]
        self.refused_requests.append(f"{request} {agent}")

    def _pump(self, source: socket.socket, target: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_client:
                    self.user_agents.update(agent.decode(errors="replace") for agent in USER_AGENT.findall(data))
                target.sendall(data)
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass
