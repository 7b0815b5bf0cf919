#!/usr/bin/python3
"""peers_zones.py: the scipy peer's per-zone distances, for peers.sh.

Usage: /usr/bin/python3 peers_zones.py PEERS_DIR DATADIR K OUT.csv

scipy_peer.py prints only the checksum (the sum over zones); the
per-zone comparison needs each zone's value. This runs the peer's own
code (common.load and snap, scipy_peer.build and run with the method
scipy_peer.py's --method auto picks, common.checksum) and writes
zone_id,kth_m (4 decimals) to OUT.csv, then prints the checksum, which
peers.sh checks against the timed scipy_peer.py run's. It is not timed:
the timed run is scipy_peer.py itself, unchanged.
"""
import sys

peers, datadir, k, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, peers)
import common  # noqa: E402  (re-execs under /usr/bin/python3 if needed)
import scipy_peer  # noqa: E402

d = common.load(datadir)
common.snap(d)
A = scipy_peer.build(d)
method = "multisource" if k == 1 else "zonelocal"
kth_u, _ = scipy_peer.run(d, A, k, method, 32)
cs, per_zone = common.checksum(d, kth_u)
with open(out, "w") as f:
    f.write("zone_id,kth_m\n")
    for z, v in zip(d.zone_id.tolist(), per_zone.tolist()):
        f.write("%s,%.4f\n" % (z, v))
print(cs)
