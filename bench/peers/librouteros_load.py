"""The librouteros side of bench/api_vs_librouteros.sh: N commands over one
connection. librouteros' API waits for each reply before sending the next
command (no tag multiplexing), so in-flight is always 1."""
import json
import os
import sys
import time

import librouteros
from librouteros.login import plain

addr, total = sys.argv[1], int(sys.argv[2])
command = sys.argv[3] if len(sys.argv) > 3 else "/system/identity/print"
host, port = addr.rsplit(":", 1)
api = librouteros.connect(host, os.environ.get("ROS_USER", "admin"), os.environ["ROS_PASSWORD"],
                          port=int(port), encoding="latin-1", login_method=plain)
started = time.perf_counter()
rows = 0
for _ in range(total):
    rows += len(list(api(command)))
secs = time.perf_counter() - started
print(json.dumps({"client": "librouteros", "commands": total, "in_flight": 1, "rows": rows,
                  "seconds": round(secs, 4), "commands_per_second": round(total / secs, 1)}))
api.close()
