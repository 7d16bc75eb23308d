#!/usr/bin/env python3
"""Drive `routerctl sim peplink` with a third-party client.

The client is `aiopeplink` 0.0.2 from PyPI (an asyncio Peplink client
written for Home Assistant, independent of routerctl; Python >= 3.12). It
logs in with a form-encoded `POST /api/login`, keeps the `bauth` cookie
and sends it on every request; its typed API reads `info.location`.
Everything below goes through aiopeplink's own `Connectivity.request`.

Environment: PEP_HTTP (host:port), PEP_HTTPS (host:port), PEP_USER,
PEP_PASSWORD. Exit status 0 when every check passed; the first failure is
printed.
"""

import asyncio
import os
import sys

import aiohttp
from aiopeplink import PeplinkAPI
from aiopeplink.interfaces.connectivity import Connectivity


def check(condition, what):
    if not condition:
        raise AssertionError(what)


async def envelope(conn, method, path, **kwargs):
    resp = await conn.request(method, path, **kwargs)
    check(resp.status == 200, f"{method} {path}: HTTP {resp.status}")
    return await resp.json()


async def scenario(session, base, user, password):
    conn = Connectivity(session, base, user, password)
    api = PeplinkAPI(conn)

    # aiopeplink's typed call: login happens on first use.
    location = await api.async_get_location()
    check(conn.cookie is not None, "no bauth cookie after login")
    check(len(conn.cookie.value) == 32, f"odd session id {conn.cookie.value!r}")
    check(-90 <= location.latitude <= 90, f"latitude {location.latitude}")
    check(-180 <= location.longitude <= 180, f"longitude {location.longitude}")
    for field in ("altitude", "speed", "heading"):
        check(isinstance(getattr(location, field), (int, float)), f"{field} is not a number")
    await location.async_update()
    check(location.raw_data["stat"] == "ok", "location update failed")

    # Status reads through the same cookie, with repeated query keys.
    wan = await envelope(conn, "get", "status.wan.connection")
    check(wan["stat"] == "ok", f"status.wan.connection: {wan}")
    order = wan["response"]["order"]
    check(order == [1, 2, 3, 4], f"WAN order {order}")
    check(wan["response"]["3"]["type"] == "cellular", "WAN 3 is not cellular")
    clients = await envelope(
        conn, "get", "status.client",
        params=[("connectionType", "ethernet"), ("connectionType", "wireless")],
    )
    check(len(clients["response"]["list"]) == 4, f"clients: {clients}")
    lite = await envelope(conn, "get", "status.wan.connection", params={"id": "1,3", "lite": "yes"})
    check(lite["response"]["order"] == [1, 3], f"comma list: {lite['response']['order']}")

    # A JSON POST, an SMS round trip through the device's own number.
    inbox = await envelope(conn, "get", "cmd.sms.get", params={"connId": 3})
    count = sum(len(g["message"]) for g in inbox["response"]["sms"])
    sent = await envelope(
        conn, "post", "cmd.sms.sendMessage",
        json={"connId": 3, "address": "+15550100200", "content": "from aiopeplink"},
    )
    check(sent == {"stat": "ok"}, f"sendMessage: {sent}")
    inbox = await envelope(conn, "get", "cmd.sms.get", params={"connId": 3})
    check(sum(len(g["message"]) for g in inbox["response"]["sms"]) == count + 1, "SMS not delivered")

    # Failures arrive as HTTP 200 with stat fail.
    unknown = await envelope(conn, "get", "status.nonsense")
    check(unknown == {"stat": "fail", "code": 404, "message": "unknown function"}, f"unknown: {unknown}")
    bad = await envelope(conn, "post", "config.ssid.profile", json={"id": 1, "enable": "sometimes"})
    check(bad["stat"] == "fail" and "enable" in bad["message"], f"bad field: {bad}")

    # A wrong password gets no cookie (the login answer is HTTP 200 with code 401).
    wrong = Connectivity(session, base, user, password + "-wrong")
    await wrong.login()
    check(wrong.cookie is None, "a wrong password got a cookie")


async def main():
    user = os.environ.get("PEP_USER", "admin")
    password = os.environ["PEP_PASSWORD"]
    async with aiohttp.ClientSession() as session:
        for scheme, var in (("http", "PEP_HTTP"), ("https", "PEP_HTTPS")):
            addr = os.environ.get(var)
            if not addr:
                continue
            # aiopeplink does not verify certificates (ssl=False), as for
            # a router's self-signed one.
            await scenario(session, f"{scheme}://{addr}", user, password)
            print(f"OK aiopeplink over {scheme}")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except AssertionError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
