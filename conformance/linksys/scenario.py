"""Third-party JNAP clients from PyPI against routerctl's Linksys simulator.

Environment: LINKSYS_CLASSIC and LINKSYS_VELOP (host:port of a classic and
a Velop simulator, plain HTTP), LINKSYS_PASSWORD (their admin password).

- jnap 0.2.0 (aiohttp, core/Transaction only): device info and the device
  list on both generations, with and without a password, and the mapping of
  the unknown-action, invalid-input and unauthorized results of a
  transaction entry onto its exception classes.
- linksys-smart-wifi-api 0.1.0 (requests, single actions): device info,
  password check (right and wrong) and the default-password flag on the
  classic generation. As published, its router.py imports JNAPAction only
  under TYPE_CHECKING, so every call raises NameError against any router;
  this script supplies that one missing name and otherwise uses the package
  as is. Its service enum lacks core/Core7 and its interface enum lacks
  "Wired", both of which real Velop firmware sends (see the reference
  capture), so its get_device_info on a Velop and its get_device_list are
  left out.

Prints one line per check and a closing "N passed, N failed" line; exits 1
on any failure.
"""

import asyncio
import os
import sys
import traceback

import aiohttp
import jnap
import linksys.actions
import linksys.router

# linksys-smart-wifi-api 0.1.0 forgets this import outside TYPE_CHECKING.
if not hasattr(linksys.router, "JNAPAction"):
    linksys.router.JNAPAction = linksys.actions.JNAPAction

CLASSIC = os.environ["LINKSYS_CLASSIC"]
VELOP = os.environ["LINKSYS_VELOP"]
PASSWORD = os.environ["LINKSYS_PASSWORD"]

results = []


def check(name, fn):
    try:
        fn()
        results.append((name, None))
        print(f"ok   {name}")
    except Exception:  # noqa: BLE001 - report every failure, keep going
        results.append((name, traceback.format_exc()))
        print(f"FAIL {name}\n{traceback.format_exc()}")


async def acheck(name, coro_fn):
    try:
        await coro_fn()
        results.append((name, None))
        print(f"ok   {name}")
    except Exception:  # noqa: BLE001
        results.append((name, traceback.format_exc()))
        print(f"FAIL {name}\n{traceback.format_exc()}")


async def expect_error(client, action, request, error_cls):
    try:
        await client._transaction([jnap.JNAPRequest(action=action, request=request)])
    except error_cls:
        return
    raise AssertionError(f"{action} did not raise {error_cls.__name__}")


async def jnap_checks():
    async with aiohttp.ClientSession() as session:
        for label, host, model in (("classic", CLASSIC, "Linksys EA7500"), ("velop", VELOP, "Velop")):
            admin = jnap.JNAPClient(host, session, PASSWORD)
            anonymous = jnap.JNAPClient(host, session)

            async def info(client=admin, model=model):
                got = await client.get_device_info()
                assert got.description == model, got
                assert got.serial_number, got

            async def devices(client=admin):
                got = await client.get_devices()
                names = {d.name for d in got.devices}
                assert "Jia's phone" in names, names  # userDeviceName wins
                assert "Pixel-4" in names, names  # then friendlyName
                phone = next(d for d in got.devices if d.name == "Pixel-4")
                assert phone.mac == "C6:01:F7:79:3B:89", phone
                assert phone.ip_address == "192.168.1.106", phone
                # Offline devices are skipped by the client.
                assert "192-168-1-249" not in names, names

            await acheck(f"jnap {label}: get_device_info", info)
            await acheck(f"jnap {label}: get_device_info without password", lambda c=anonymous: info(c))
            await acheck(f"jnap {label}: get_devices", devices)
            await acheck(f"jnap {label}: get_devices without password", lambda c=anonymous: devices(c))
            await acheck(
                f"jnap {label}: unknown action -> JNAPUnknownActionError",
                lambda c=admin: expect_error(c, "http://linksys.com/jnap/core/NoSuchAction", {}, jnap.JNAPUnknownActionError),
            )
            await acheck(
                f"jnap {label}: unexpected member -> JNAPInvalidInputError",
                lambda c=admin: expect_error(c, jnap.JNAPAction.GET_DEVICES, {"badKey": 1}, jnap.JNAPInvalidInputError),
            )
            await acheck(
                f"jnap {label}: protected action without password -> JNAPUnauthorizedError",
                lambda c=anonymous: expect_error(c, "http://linksys.com/jnap/wirelessap/GetRadioInfo", {}, jnap.JNAPUnauthorizedError),
            )
            wrong = jnap.JNAPClient(host, session, "not-the-password")
            await acheck(
                f"jnap {label}: protected action with a wrong password -> JNAPUnauthorizedError",
                lambda c=wrong: expect_error(c, "http://linksys.com/jnap/wirelessap/GetRadioInfo", {}, jnap.JNAPUnauthorizedError),
            )


def lswa_checks():
    admin = linksys.router.Linksys(CLASSIC, PASSWORD)
    wrong = linksys.router.Linksys(CLASSIC, "not-the-password")

    def info():
        got = admin.get_device_info()
        assert got.model_number == "EA7500", got
        assert got.firmware_version == "2.0.8.194281", got
        assert len(got.services) > 10, got

    def password():
        assert admin.check_admin_password() is True
        assert wrong.check_admin_password() is False

    def default_password():
        assert admin.has_default_password() is False

    check("linksys-smart-wifi-api classic: get_device_info", info)
    check("linksys-smart-wifi-api classic: check_admin_password right and wrong", password)
    check("linksys-smart-wifi-api classic: has_default_password", default_password)
    admin.close()
    wrong.close()


def main():
    asyncio.run(jnap_checks())
    lswa_checks()
    failed = sum(1 for _, err in results if err)
    print(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
