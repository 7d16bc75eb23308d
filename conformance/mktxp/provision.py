"""Give the simulated router the configuration a typical mktxp user has.

The simulator boots with the RouterOS default configuration, which has no
queues, no raw or mangle rules and no powered PoE port, so mktxp's queue,
firewall raw/mangle and PoE power families would stay empty. This adds them
through the binary API (with RouterOS-api, which mktxp itself uses), the
way an administrator would.

Usage: provision.py HOST PORT   (user and password from ROS_USER / ROS_PASSWORD)
"""
import os
import sys

import routeros_api


def main() -> int:
    host, port = sys.argv[1], int(sys.argv[2])
    pool = routeros_api.RouterOsApiPool(
        host,
        username=os.environ.get("ROS_USER", "admin"),
        password=os.environ["ROS_PASSWORD"],
        port=port,
        plaintext_login=True,
    )
    api = pool.get_api()
    try:
        res = api.get_resource
        res("/queue/simple").add(name="guests", target="192.168.88.0/24", max_limit="20M/50M")
        res("/queue/tree").add(name="download", parent="bridge", max_limit="100M")
        res("/queue/tree").add(name="download-web", parent="download", packet_mark="web", priority="4")
        res("/ip/firewall/mangle").add(
            chain="forward", action="mark-packet", new_packet_mark="web",
            protocol="tcp", dst_port="443", passthrough="no", comment="mark web")
        res("/ip/firewall/raw").add(
            chain="prerouting", action="notrack", protocol="udp", dst_port="123",
            comment="ntp untracked")
        res("/interface/vlan").add(name="vlan20-guests", vlan_id="20", interface="bridge")
        netwatch = res("/tool/netwatch")
        netwatch.add(host="192.0.2.80", type="http-get", interval="1s", comment="intranet web")
        netwatch.add(host="192.0.2.25", type="tcp-conn", port="25", interval="1s", comment="mail")
        poe = res("/interface/ethernet/poe")
        for row in poe.get(name="ether1"):
            poe.set(id=row["id"], poe_out="forced-on")
    finally:
        pool.disconnect()
    return 0


if __name__ == "__main__":
    sys.exit(main())
