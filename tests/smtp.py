"""SMTP servers for the mail tests: a real one (aiosmtpd) that keeps what it receives, and a
bare scripted one for the misbehaving kinds: one that never answers, or answers slowly."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler


class Inbox(MessageHandler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Message] = []

    def handle_message(self, message: Message) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


class ScriptedSMTPServer:
    """Accepts connections on a thread of its own. ``greets=False``: never says a word, like a
    hung server. Otherwise it speaks just enough SMTP, waiting ``delay`` seconds before each
    reply after the greeting, and counts the messages it accepted in ``received``."""

    def __init__(self, greets: bool = True, delay: float = 0.0) -> None:
        self.greets = greets
        self.delay = delay
        self.received = 0
        self._stopped = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._stopped.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _address = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._talk, args=(connection,), daemon=True).start()

    def _talk(self, connection: socket.socket) -> None:
        with connection, connection.makefile("rb") as lines:
            if not self.greets:
                self._stopped.wait()
                return
            connection.sendall(b"220 scripted\r\n")
            in_data = False
            for line in lines:
                if in_data:
                    if line != b".\r\n":
                        continue
                    in_data, reply = False, b"250 queued"
                    self.received += 1
                elif line[:4].upper() == b"DATA":
                    in_data, reply = True, b"354 go on"
                elif line[:4].upper() == b"QUIT":
                    connection.sendall(b"221 bye\r\n")
                    return
                else:
                    reply = b"250 ok"
                if self._stopped.wait(self.delay):
                    return
                connection.sendall(reply + b"\r\n")
