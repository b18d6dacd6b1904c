"""A small IMAP4rev1 server on loopback for the mail log's poll: only the commands `imaplib`
sends for it (CAPABILITY, LOGIN, SELECT, UID SEARCH/FETCH/STORE/COPY, EXPUNGE, LOGOUT), over a
real socket, so the command is tested at its edge.

Dovecot (Debian's dovecot-imapd) would be the real thing, but it installs as a system service
with root-owned configuration; the test suite cannot start it on loopback by itself
(docs/decisions.md, decision 83).
"""

from __future__ import annotations

import re
import shlex
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Message:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


@dataclass
class Mailbox:
    user: str = "log@log.koers.test"
    password: str = "mailbox-pw"
    folders: dict[str, list[Message]] = field(default_factory=lambda: {"INBOX": [], "Logged": []})
    # A command that answers NO once (e.g. "STORE"), to play a crash between keep and mark.
    fail_once: set[str] = field(default_factory=set)
    commands: list[str] = field(default_factory=list)

    def add(self, raw: bytes, folder: str = "INBOX") -> None:
        box = self.folders[folder]
        box.append(Message(uid=max((m.uid for m in box), default=0) + 1, raw=raw))


class _Handler(socketserver.StreamRequestHandler):
    mailbox: Mailbox

    def send(self, line: str | bytes) -> None:
        self.wfile.write(line if isinstance(line, bytes) else line.encode() + b"\r\n")

    def handle(self) -> None:
        self.selected: list[Message] | None = None
        self.send("* OK [CAPABILITY IMAP4rev1] fake ready")
        while line := self.rfile.readline():
            tag, _sep, rest = line.decode().rstrip("\r\n").partition(" ")
            command, _sep, args = rest.partition(" ")
            command = command.upper()
            if command == "UID":
                command, _sep, args = args.partition(" ")
                command = f"UID {command.upper()}"
            self.mailbox.commands.append(command)
            if command in self.mailbox.fail_once:
                self.mailbox.fail_once.discard(command)
                self.send(f"{tag} NO {command} failed on purpose")
                continue
            if command == "LOGOUT":
                self.send("* BYE")
                self.send(f"{tag} OK LOGOUT completed")
                return
            answer = getattr(self, "do_" + command.replace(" ", "_").lower(), None)
            if answer is None:
                self.send(f"{tag} BAD unknown command {command}")
                continue
            self.send(f"{tag} {answer(args)}")

    def do_capability(self, args: str) -> str:
        self.send("* CAPABILITY IMAP4rev1")
        return "OK CAPABILITY completed"

    def do_login(self, args: str) -> str:
        user, password = shlex.split(args)
        if (user, password) != (self.mailbox.user, self.mailbox.password):
            return "NO [AUTHENTICATIONFAILED] wrong user or password"
        return "OK LOGIN completed"

    def do_select(self, args: str) -> str:
        name = shlex.split(args)[0]
        if name not in self.mailbox.folders:
            return "NO no such folder"
        self.selected = self.mailbox.folders[name]
        self.send(f"* {len(self.selected)} EXISTS")
        self.send(r"* FLAGS (\Seen \Flagged \Deleted)")
        return "OK [READ-WRITE] SELECT completed"

    def _by_uid(self, uid: str) -> tuple[int, Message] | None:
        for number, message in enumerate(self.selected or [], start=1):
            if str(message.uid) == uid:
                return number, message
        return None

    def do_uid_search(self, args: str) -> str:
        assert args.upper() == "UNSEEN", args
        unseen = [str(m.uid) for m in self.selected or [] if r"\Seen" not in m.flags]
        self.send("* SEARCH" + "".join(f" {u}" for u in unseen))
        return "OK SEARCH completed"

    def do_uid_fetch(self, args: str) -> str:
        uid, _sep, what = args.partition(" ")
        assert what.upper() == "(BODY.PEEK[])", what
        found = self._by_uid(uid)
        if found is not None:
            number, message = found
            self.send(
                f"* {number} FETCH (UID {uid} BODY[] {{{len(message.raw)}}}".encode() + b"\r\n"
            )
            self.send(message.raw + b")\r\n")
        return "OK FETCH completed"

    def do_uid_store(self, args: str) -> str:
        uid, _mode, flags = re.match(r"(\S+) (\S+) \((.*)\)", args).groups()  # type: ignore[union-attr]
        found = self._by_uid(uid)
        if found is not None:
            number, message = found
            message.flags |= set(flags.split())
            self.send(f"* {number} FETCH (UID {uid} FLAGS ({' '.join(sorted(message.flags))}))")
        return "OK STORE completed"

    def do_uid_copy(self, args: str) -> str:
        uid, folder = shlex.split(args)
        found = self._by_uid(uid)
        if folder not in self.mailbox.folders:
            return "NO [TRYCREATE] no such folder"
        if found is not None:
            self.mailbox.add(found[1].raw, folder)
        return "OK COPY completed"

    def do_expunge(self, args: str) -> str:
        kept = [m for m in self.selected or [] if r"\Deleted" not in m.flags]
        if self.selected is not None:
            self.selected[:] = kept
        return "OK EXPUNGE completed"


@contextmanager
def fake_imap_server(mailbox: Mailbox) -> Iterator[int]:
    """Serves `mailbox` on 127.0.0.1 in a thread; yields the port."""
    handler = type("Handler", (_Handler,), {"mailbox": mailbox})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
