import subprocess, time
from bench.demo_data import bearer, preview_body, seeded, setup_django
from bench.harness import Call, served, wrk
setup_django(); seeded()
token = bearer("alice")
small = Call("/api/v1/checkout/preview/", "POST", preview_body("alice", lines={"hq": 2, "sz": 1}), (token,))
import os
def cpu():
    totals = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit(): continue
        try:
            stat = open(f"/proc/{pid}/stat").read()
        except OSError: continue
        name = stat[stat.index("(")+1:stat.rindex(")")]
        fields = stat[stat.rindex(")")+2:].split()
        t = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        key = "postgres" if "postgres" in name else "redis" if "redis" in name else "python" if "python" in name or "gunicorn" in name else name
        totals[key] = totals.get(key, 0) + t
    return totals
with served() as base:
    wrk(base, small, connections=4, duration="3s")
    from django.db import connection
    def writes():
        with connection.cursor() as c:
            c.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0")
            return dict(c.fetchall())
    w0 = writes()
    before = cpu(); 
    r = wrk(base, small, connections=4, duration="10s")
    after = cpu()
    import time as _t; _t.sleep(1)
    w1 = writes()
    print({k: v - w0.get(k, 0) for k, v in w1.items() if v != w0.get(k, 0)})
    n = r.requests_per_second * 10
    print("req/s", round(r.requests_per_second))
    for k in after:
        d = after[k] - before.get(k, 0)
        if d: print(k, d, "s cpu", round(d / n * 1000, 2), "ms/request")
