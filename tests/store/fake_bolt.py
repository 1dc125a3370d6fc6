"""A fake Bolt server that records what clients send it: the listener an attacker would run.

It answers the Bolt handshake with protocol 5.2 and the first message (HELLO) with SUCCESS, so
the client goes on to LOGON, which carries the user name and the password in the clear
(PackStream strings); it records what follows until the client goes quiet, then hangs up.
Tests assert a password never reaches it -- and, as a control, that it does when
kgraph is told to connect there with one, so the recorder cannot pass by seeing nothing.
"""

from __future__ import annotations

import socket
import threading

MAGIC = b"\x60\x60\xb0\x17"
BOLT_5_2 = b"\x00\x00\x02\x05"
_META = b"\xa2\x86server\x8cNeo4j/5.26.0\x8dconnection_id\x86bolt-1"  # {server: ..., connection_id: ...}
HELLO_SUCCESS = len(b"\xb1\x70" + _META).to_bytes(2, "big") + b"\xb1\x70" + _META + b"\x00\x00"
"""One chunked SUCCESS message (struct 0x70) with the metadata a driver reads after HELLO."""


class FakeBolt:
    """A TCP listener on ``host`` (a free port) recording every byte of every connection.

    Use as a context manager; ``connections`` counts accepted connections, ``received`` holds
    all bytes received, ``uri`` is ``bolt://HOST:PORT``.
    """

    def __init__(self, host: str = "127.0.0.1", quiet_seconds: float = 1.0):
        self.host = host
        self.quiet_seconds = quiet_seconds
        self._server = socket.create_server((host, 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self.connections = 0
        self._chunks: list[bytes] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def uri(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"bolt://{host}:{self.port}"

    @property
    def received(self) -> bytes:
        with self._lock:
            return b"".join(self._chunks)

    def __enter__(self) -> FakeBolt:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._server.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(self.quiet_seconds)
            seen = b""
            welcomed = False
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:  # quiet for a while, or reset: hang up
                    return
                if not chunk:
                    return
                with self._lock:
                    self._chunks.append(chunk)
                if len(seen) < 20:
                    seen += chunk
                    if len(seen) >= 20 and seen.startswith(MAGIC):  # magic + four version proposals
                        conn.sendall(BOLT_5_2)
                        chunk = seen[20:]
                if len(seen) >= 20 and chunk and not welcomed:  # HELLO (and maybe LOGON) arrived
                    conn.sendall(HELLO_SUCCESS)
                    welcomed = True


def local_address() -> str | None:
    """An IPv4 address of this machine that is not loopback (None without one): where a
    'remote' server can listen for the plaintext check without leaving the machine."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: only picks the outgoing address
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address
