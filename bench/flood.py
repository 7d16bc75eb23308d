#!/usr/bin/env python3
"""Flood a running simulator and measure a healthy client meanwhile.

Used by `bench/flood`; see there. Standard library only.

    flood.py KIND ADDR HOSTILE SECONDS USER PASSWORD [hold|churn]

KIND is `api` (RouterOS API: hostile connections never log in), `rest`
(RouterOS REST: hostile connections stay idle) or `ubus` (hostile
connections send their headers one byte per second). In `hold` mode (the
default, the floods of issue 11) each hostile connection is opened once
and kept until the server closes it; in `churn` mode it reconnects at
once, so the pressure never drops. The flood runs in its own process, so
the healthy client's timings are not the flooder's event loop. The
healthy client makes one attempt every 50 ms on a fresh connection (log
in and run one command) and the script prints the success ratio and the
latency percentiles of the attempts.
"""

import asyncio
import base64
import json
import sys
import time

ATTEMPT_TIMEOUT = 5.0


def word(w: bytes) -> bytes:
    n = len(w)
    if n < 0x80:
        return bytes([n]) + w
    if n < 0x4000:
        return bytes([(n >> 8) | 0x80, n & 0xFF]) + w
    raise ValueError("word too long for this bench")


def sentence(*words: str) -> bytes:
    return b"".join(word(w.encode()) for w in words) + b"\x00"


async def read_sentence(reader) -> list:
    words = []
    while True:
        first = (await reader.readexactly(1))[0]
        if first < 0x80:
            n = first
        elif first < 0xC0:
            n = ((first & 0x3F) << 8) | (await reader.readexactly(1))[0]
        else:
            raise ValueError("long word in a reply")
        if n == 0:
            return words
        words.append(await reader.readexactly(n))


async def api_attempt(host, port, user, password):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(sentence("/login", f"=name={user}", f"=password={password}"))
        await writer.drain()
        reply = await read_sentence(reader)
        if reply[:1] != [b"!done"]:
            return False
        writer.write(sentence("/system/identity/print"))
        await writer.drain()
        while True:
            reply = await read_sentence(reader)
            if reply[:1] == [b"!done"]:
                return True
            if reply[:1] in ([b"!trap"], [b"!fatal"]):
                return False
    finally:
        writer.close()


async def http_attempt(host, port, request: bytes):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        await writer.drain()
        status = await reader.readline()
        return status.startswith(b"HTTP/1.1 200")
    finally:
        writer.close()


def rest_request(user, password):
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return (
        "GET /rest/system/identity HTTP/1.1\r\nHost: bench\r\n"
        f"Authorization: Basic {token}\r\nConnection: close\r\n\r\n"
    ).encode()


def ubus_request(user, password):
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "call",
            "params": [
                "0" * 32,
                "session",
                "login",
                {"username": user, "password": password},
            ],
        }
    ).encode()
    head = (
        "POST /ubus HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    return head + body


async def hostile(kind, host, port, stop: asyncio.Event, counter, churn):
    """One hostile peer: connect, misbehave until closed, reconnect when
    churning."""
    first = True
    while not stop.is_set() and (first or churn):
        first = False
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        counter[0] += 1
        try:
            if kind == "ubus":
                writer.write(b"POST /ubus HTTP/1.1\r\n")
                await writer.drain()
                while not stop.is_set():
                    writer.write(b"X")
                    await writer.drain()
                    try:
                        if await asyncio.wait_for(reader.read(1), 1.0) == b"":
                            break
                    except asyncio.TimeoutError:
                        pass
            else:
                # Never log in, never send a request: wait for the close.
                while not stop.is_set():
                    try:
                        if await asyncio.wait_for(reader.read(1), 1.0) == b"":
                            break
                    except asyncio.TimeoutError:
                        pass
        except OSError:
            pass
        finally:
            writer.close()


async def run_flood(kind, host, port, n_hostile, seconds, churn, opened):
    stop = asyncio.Event()
    counter = [0]
    tasks = [
        asyncio.create_task(hostile(kind, host, port, stop, counter, churn))
        for _ in range(n_hostile)
    ]
    await asyncio.sleep(seconds)
    stop.set()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    opened.value = counter[0]


def flood_process(kind, host, port, n_hostile, seconds, churn, opened):
    asyncio.run(run_flood(kind, host, port, n_hostile, seconds, churn, opened))


async def measure(kind, host, port, seconds, user, password):
    latencies, failures = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            if kind == "api":
                attempt = api_attempt(host, port, user, password)
            elif kind == "rest":
                attempt = http_attempt(host, port, rest_request(user, password))
            else:
                attempt = http_attempt(host, port, ubus_request(user, password))
            ok = await asyncio.wait_for(attempt, ATTEMPT_TIMEOUT)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
            ok = False
        elapsed = time.monotonic() - started
        if ok:
            latencies.append(elapsed)
        else:
            failures += 1
        await asyncio.sleep(max(0.0, 0.05 - elapsed))
    return latencies, failures


def main():
    import multiprocessing

    kind, addr, n_hostile, seconds, user, password = sys.argv[1:7]
    mode = sys.argv[7] if len(sys.argv) > 7 else "hold"
    host, port = addr.rsplit(":", 1)
    port = int(port)
    n_hostile, seconds = int(n_hostile), float(seconds)
    warmup = min(3.0, seconds / 4)
    opened = multiprocessing.Value("q", 0)
    flooder = multiprocessing.Process(
        target=flood_process,
        args=(kind, host, port, n_hostile, warmup + seconds + 1, mode == "churn", opened),
    )
    flooder.start()
    # Let the flood build up before measuring.
    time.sleep(warmup)
    latencies, failures = asyncio.run(measure(kind, host, port, seconds, user, password))
    flooder.join()
    total = len(latencies) + failures
    latencies.sort()

    def pct(p):
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    ratio = len(latencies) / total if total else 0.0
    verdict = "PASS" if ratio >= 0.99 and pct(0.99) < 1.0 else "FAIL"
    print(
        f"{kind} ({mode}): hostile={n_hostile} (connections opened: {opened.value}) "
        f"healthy attempts={total} ok={len(latencies)} ratio={ratio:.4f} "
        f"p50={pct(0.5) * 1000:.1f}ms p99={pct(0.99) * 1000:.1f}ms "
        f"max={(latencies[-1] if latencies else float('nan')) * 1000:.1f}ms {verdict}"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
