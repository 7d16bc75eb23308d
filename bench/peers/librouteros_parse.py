"""The librouteros side of bench/codec.sh: librouteros 4.2.2's own reply
reader (`Api.readResponse`: words decoded as latin-1, each `=name=value`
split and cast to int/bool/str, one dict per row) on a buffer holding the
benchmark's 1000-row lease reply, read from memory instead of a socket.
Prints sentences per second as JSON.

Usage: librouteros_parse.py WIRE-FILE [ROUNDS]"""
import json
import sys
import time

from librouteros.api import Api
from librouteros.protocol import ApiProtocol


class BufferTransport:
    """What librouteros reads from: `read(n)` returns exactly n bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def read(self, length: int) -> bytes:
        chunk = self.data[self.pos:self.pos + length]
        if len(chunk) != length:
            raise EOFError("reply ended early")
        self.pos += length
        return chunk

    def close(self) -> None:
        pass


def one_pass(data: bytes) -> int:
    api = Api(ApiProtocol(BufferTransport(data), encoding="latin-1"))
    rows = api.readResponse()
    return len(rows) + 1  # the rows and the !done


path = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
with open(path, "rb") as f:
    data = f.read()
sentences = one_pass(data)
one_pass(data)  # warm-up
started = time.perf_counter()
for _ in range(rounds):
    assert one_pass(data) == sentences
secs = time.perf_counter() - started
print(json.dumps({"client": "librouteros", "sentences": sentences, "rounds": rounds,
                  "seconds": round(secs, 4), "sentences_per_second": round(sentences * rounds / secs)}))
