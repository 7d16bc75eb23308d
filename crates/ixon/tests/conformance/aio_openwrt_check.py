#!/usr/bin/env python3
"""Drive a routerctl ubus simulator with a third-party client.

The client is `aio-openwrt` from PyPI (an async ubus-over-HTTP client
written for OpenWrt, independent of routerctl). `aioubus`, which the
reference notes mention, needs Python >= 3.14 and did not install on the
build machine's Python 3.11, so this check uses aio-openwrt instead.

Usage: aio_openwrt_check.py URL FLAVOR USER PASSWORD
  URL     the simulator's endpoint, e.g. http://127.0.0.1:8080/ubus
  FLAVOR  ixon or openwrt
Exit status 0 when every check passed; the first failure is printed.
"""

import asyncio
import sys

from aio_openwrt import Ubus


def check(condition, what):
    if not condition:
        raise AssertionError(what)


async def expect_error(kind, coro, what):
    try:
        await coro
    except kind:
        return
    raise AssertionError(f"{what}: expected {kind.__name__}")


async def ixon(url, user, password):
    async with Ubus(url, user, password) as anonymous:
        overview = await anonymous.call("ixon.ui.overview", "get")
        check(overview["device"]["model"].startswith("IXrouter"), "overview on the null session")
        await expect_error(PermissionError, anonymous.call("ixon.ui.configuration", "get"),
                           "configuration needs a login")

    async with Ubus(url, user, password) as ubus:
        await ubus.login()
        check(len(ubus.session_id) == 32, "32-hex session id")
        check(ubus.ubus_access.get("ixon.ui.configuration") == ["*"], "admin ACL")
        reply = await ubus.call("ixon.ui.configuration", "get")
        config = reply["configuration"]
        check(config["lan"]["ipAddress"], "configuration has lan.ipAddress")
        config["wlan"]["wlanSsid"] = "conformance"
        empty = await ubus.call("ixon.ui.configuration", "set", {"configuration": config})
        check(empty == {}, "set returns [0] without data")
        again = await ubus.call("ixon.ui.configuration", "get")
        check(again["configuration"] == config, "configuration round trip")
        await expect_error(ValueError,
                           ubus.call("ixon.ui.configuration", "set", {"configuration": {"lan": {"x": 1}}}),
                           "unknown key is status 2")
        await expect_error(ValueError,
                           ubus.call("ixon.ui.account", "password_set", {"password": "short"}),
                           "short password is status 2")
        access = await ubus.session.access()
        check("ixon.ui.account" in access["ubus"], "session access lists the ACL")
        await expect_error(ConnectionError, ubus.call("no.such.object", "get"), "-32000")

    async with Ubus(url, user, password + "-wrong") as wrong:
        await expect_error(PermissionError, wrong.login(), "wrong password is status 6")


async def openwrt(url, user, password):
    async with Ubus(url, user, password) as ubus:
        await ubus.login()
        board = await ubus.system.board()
        check(board["release"]["distribution"] == "OpenWrt", "system board")
        info = await ubus.system.info()
        check(isinstance(info["uptime"], int), "system info")
        eth0 = await ubus.network.device.status(name="eth0")
        check(eth0["statistics"]["rx_bytes"] >= 0, "network.device status")
        radios = list(await ubus.hostapd.list_children())
        check(len(radios) == 2, "hostapd.* objects listed")
        clients = await radios[0].get_clients()
        check("clients" in clients, "hostapd get_clients")
        await expect_error(PermissionError, Ubus(url, user, password).system.board(),
                           "null session may not read system board")


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    url, flavor, user, password = sys.argv[1:]
    runner = {"ixon": ixon, "openwrt": openwrt}.get(flavor)
    if runner is None:
        print(f"unknown flavor {flavor!r}", file=sys.stderr)
        return 2
    try:
        asyncio.run(runner(url, user, password))
    except AssertionError as e:
        print(f"FAIL ({flavor}): {e}", file=sys.stderr)
        return 1
    print(f"OK ({flavor})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
