"""Conformance scenario: the third-party `librouteros` client (PyPI) against
routerctl's RouterOS simulator, unmodified.

Started by conformance/routeros/run.sh, which launches `routerctl sim mikrotik`
and passes the addresses through the environment:

  ROS_HOST, ROS_API_PORT, ROS_API_SSL_PORT, ROS_FINGERPRINT (AA:BB:...),
  ROS_LEGACY_PORT (a second simulator with --legacy-login), ROS_USER,
  ROS_PASSWORD.

Each step prints `ok <name>` or raises; the last line is the count in the
form the CI log reader understands.
"""

import hashlib
import os
import socket
import ssl
import sys
import time

import librouteros
from librouteros.exceptions import FatalError, MultiTrapError, TrapError
from librouteros.login import plain, token
from librouteros.query import Key, Or

HOST = os.environ.get("ROS_HOST", "127.0.0.1")
PORT = int(os.environ["ROS_API_PORT"])
SSL_PORT = int(os.environ["ROS_API_SSL_PORT"])
FINGERPRINT = os.environ["ROS_FINGERPRINT"].replace(":", "").lower()
LEGACY_PORT = int(os.environ["ROS_LEGACY_PORT"])
USER = os.environ.get("ROS_USER", "admin")
PASSWORD = os.environ["ROS_PASSWORD"]

passed = 0
failed = 0


def step(name):
    def wrap(fn):
        global passed, failed
        try:
            fn()
        except Exception as exc:  # report and keep going: one line per failure
            failed += 1
            print(f"FAIL {name}: {exc!r}", flush=True)
        else:
            passed += 1
            print(f"ok {name}", flush=True)
        return fn

    return wrap


def connect(**kw):
    # latin-1 keeps every byte (the simulator serves a non-UTF-8 host-name).
    return librouteros.connect(HOST, USER, PASSWORD, port=PORT, encoding="latin-1", login_method=plain, **kw)


@step("plain login and singleton print")
def _():
    api = connect()
    rows = list(api("/system/identity/print"))
    assert len(rows) == 1 and rows[0]["name"], rows
    api.close()


@step("wrong password is a trap")
def _():
    try:
        librouteros.connect(HOST, USER, "definitely-wrong", port=PORT, login_method=plain)
    except TrapError as exc:
        assert "invalid user name or password" in str(exc), exc
    else:
        raise AssertionError("login with a wrong password succeeded")


@step("print with query and proplist")
def _():
    api = connect()
    name, kind = Key("name"), Key("type")
    rows = list(api.path("interface").select(name, kind).where(kind == "ether"))
    assert rows, "no ethernet interfaces"
    assert all(r["type"] == "ether" for r in rows), rows
    assert all(set(r) <= {"name", "type"} for r in rows), rows
    both = list(api.path("interface").select(name).where(Or(name == "ether1", name == "bridge")))
    assert sorted(r["name"] for r in both) == ["bridge", "ether1"], both
    api.close()


@step("add, set, remove")
def _():
    api = connect()
    addresses = api.path("ip", "address")
    new_id = addresses.add(address="192.0.2.1/24", interface="ether2", comment="conformance")
    assert new_id.startswith("*"), new_id
    addresses.update(**{".id": new_id, "comment": "changed"})
    mine = [r for r in addresses if r[".id"] == new_id]
    assert mine and mine[0]["comment"] == "changed", mine
    assert mine[0]["network"] == "192.0.2.0", mine
    addresses.remove(new_id)
    assert not [r for r in addresses if r[".id"] == new_id]
    api.close()


@step("error: bad reference gives the RouterOS trap text")
def _():
    api = connect()
    try:
        api.path("ip", "address").add(address="192.0.2.9/24", interface="asdf")
    except TrapError as exc:
        assert exc.message == "input does not match any value of interface", exc.message
        assert exc.category == 1, exc.category
    else:
        raise AssertionError("bad interface accepted")
    try:
        list(api("/no/such/menu/print"))
    except (TrapError, MultiTrapError) as exc:
        assert "no such command" in str(exc), exc
    else:
        raise AssertionError("unknown menu accepted")
    api.close()


@step("non-UTF-8 bytes survive")
def _():
    api = connect()
    names = [r.get("host-name", "") for r in api.path("ip", "dhcp-server", "lease")]
    assert any(not n.isascii() for n in names), names
    api.close()


def read_raw(api):
    """One sentence as (reply word, dict) without librouteros' attribute
    casting, which cannot parse `.tag=` words."""
    word, words = api.protocol.readSentence()
    attrs = {}
    for w in words:
        if w.startswith(".tag="):
            attrs[".tag"] = w[5:]
        elif w.startswith("="):
            _, key, value = w.split("=", 2)
            attrs[key] = value
    return word, attrs


@step("listen sees a change and is cancelled")
def _():
    api = connect()
    other = connect()
    api.protocol.writeSentence("/ip/address/listen", ".tag=l1")
    time.sleep(0.2)
    new_id = other.path("ip", "address").add(address="198.51.100.1/24", interface="ether3")
    word, attrs = read_raw(api)
    assert word == "!re" and attrs.get(".tag") == "l1", (word, attrs)
    assert attrs.get(".id") == new_id, attrs
    api.protocol.writeSentence("/cancel", "=tag=l1", ".tag=c1")
    seen = []
    while ("!done", "l1") not in seen:
        word, attrs = read_raw(api)
        seen.append((word, attrs.get(".tag")))
    assert ("!trap", "l1") in seen and ("!done", "c1") in seen, seen
    other.path("ip", "address").remove(new_id)
    # The connection is still usable afterwards.
    assert list(api("/system/identity/print"))
    api.close()
    other.close()


@step("api-ssl with pinned fingerprint")
def _():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE

    def wrap(sock):
        wrapped = ctx.wrap_socket(sock)
        der = wrapped.getpeercert(binary_form=True)
        got = hashlib.sha256(der).hexdigest()
        assert got == FINGERPRINT, f"fingerprint {got} != {FINGERPRINT}"
        return wrapped

    api = librouteros.connect(HOST, USER, PASSWORD, port=SSL_PORT, ssl_wrapper=wrap, login_method=plain)
    assert list(api("/system/resource/print"))[0]["version"]
    api.close()


@step("legacy MD5 token login")
def _():
    api = librouteros.connect(HOST, USER, PASSWORD, port=LEGACY_PORT, login_method=token)
    assert list(api("/system/identity/print"))
    api.close()


@step("quit gives a fatal with a bare reason")
def _():
    api = connect()
    try:
        list(api("/quit"))
    except FatalError as exc:
        assert "session terminated on request" in str(exc), exc
    else:
        raise AssertionError("/quit did not end in !fatal")


print(f"librouteros conformance: {passed} passed, {failed} failed", flush=True)
sys.exit(1 if failed else 0)
