#!/usr/bin/env python3
"""bench/nginx.sh's measurement (bench/README.md, "NGINX").

  nginx_bench.py --builddir DIR [--seconds N] [--repetitions N] [--connections N]
                 [--perf]

DIR holds nginx/ngx_http_jwkview_module.so, bench/jwt_bench and
bench/nginx_fixture. Three rows, against one location that returns 204
(`try_files /.none =204`, so the request passes the access phase):

  none    no auth_jwt; the request still carries the RS256 token's header
  RS256   auth_jwt on the fixture's 50-key set, RS256 tokens
  ES256   the same, ES256 tokens

nginx runs one worker pinned to the last CPU, wrk one thread pinned to the
first. Each run gives wrk's requests/s and latency percentiles, and the
worker's CPU time per request (/proc/PID/schedstat over the run divided by
the requests), which does not depend on which side was the bottleneck. The
overhead of a row is its CPU per request minus none's; the verification
cost beside it is jwt_bench's verify_only/openssl row (EVP_DigestVerify
alone) on the same set and tokens, and validate/jwkview (jwkview's whole
check), run alone (nginx idle) before each repetition of the wrk runs, so
that both see the same stretch of a shared machine.

--perf adds one more run of each row under `perf record -p WORKER` and a
second table: the worker's CPU per request split by shared object (the
kernel, nginx, libc, libcrypto, jwkview's libraries and the module), which
tells jwkview's own cost apart from libcrypto's and from the kernel's.
"""
import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_ns(pid):
    with open("/proc/%d/schedstat" % pid) as f:
        return int(f.read().split()[0])


def nginx_binary():
    for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx"):
        if os.path.exists(path):
            return path
    return "nginx"


def jwt_bench(builddir, cpu):
    """CPU time (us) of verify_only/openssl and validate/jwkview for RS256 and
    ES256, on the CPU the nginx worker runs on."""
    out = subprocess.run(
        ["taskset", "-c", str(cpu), os.path.join(builddir, "bench", "jwt_bench"),
         "--benchmark_filter=^(verify_only/openssl|validate/jwkview)/(RS256|ES256)$",
         "--benchmark_min_time=1", "--benchmark_format=json"],
        capture_output=True, check=True).stdout
    rows = {}
    for b in json.loads(out)["benchmarks"]:
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
        rows[b["name"]] = b["cpu_time"] * scale
    return rows


def wrk(port, path, token, seconds, connections):
    out = subprocess.run(
        ["taskset", "-c", "0", "wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds,
         "--latency", "-H", "Authorization: Bearer " + token,
         "http://127.0.0.1:%d%s" % (port, path)],
        capture_output=True, check=True, text=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def percentile(p):
        m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s)" % p, out, re.M)
        return float(m.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6}[m.group(2)]
    return {"requests": requests, "rps": rps, "p50": percentile(50), "p99": percentile(99),
            "errors": int(non2xx.group(1)) if non2xx else 0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--builddir", required=True)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--perf", action="store_true")
    a = ap.parse_args()
    module = os.path.abspath(os.path.join(a.builddir, "nginx", "ngx_http_jwkview_module.so"))
    cpus = os.cpu_count() or 1

    work = tempfile.mkdtemp(prefix="jwkview-nginx-bench-")
    jwks = os.path.join(work, "jwks.json")
    lines = subprocess.run([os.path.join(a.builddir, "bench", "nginx_fixture"), jwks],
                           capture_output=True, check=True, text=True).stdout.splitlines()
    fixture = dict(line.split(" ", 1) for line in lines)
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join("    %s_temp_path %s/%s;\n" % (t, work, t)
                   for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""load_module %(module)s;
%(user)sdaemon off;
worker_processes 1;
worker_cpu_affinity %(mask)s;
error_log %(work)s/error.log warn;
pid %(work)s/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 10000000;
%(temp)s
    server {
        listen 127.0.0.1:%(port)d;
        location = /none { try_files /.none =204; }
        location = /auth {
            auth_jwt "bench";
            auth_jwt_key_file %(jwks)s;
            auth_jwt_issuer "%(iss)s";
            auth_jwt_audience "%(aud)s";
            try_files /.none =204;
        }
    }
}
""" % {"module": module, "user": user, "mask": "1" + "0" * (cpus - 1), "work": work,
       "temp": temp, "port": port, "jwks": jwks, "iss": fixture["iss"], "aud": fixture["aud"]})
    master = subprocess.Popen([nginx_binary(), "-p", work, "-c", conf])
    try:
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        worker = int(subprocess.run(["ps", "--ppid", str(master.pid), "-o", "pid="],
                                    capture_output=True, text=True).stdout.split()[0])
        rows = [("none", "/none", fixture["RS256"]), ("RS256", "/auth", fixture["RS256"]),
                ("ES256", "/auth", fixture["ES256"])]
        for _, path, token in rows:  # warm up
            wrk(port, path, token, 1, a.connections)
        results = {name: [] for name, _, _ in rows}
        floors = []
        for rep in range(a.repetitions):
            # The verification alone, in the same stretch of time as the
            # runs it is compared with (nginx idles meanwhile).
            floors.append(jwt_bench(a.builddir, cpus - 1))
            print("   jwt_bench run %d: %s" % (rep + 1, ", ".join(
                "%s %.2f us" % (k, v) for k, v in sorted(floors[-1].items()))), file=sys.stderr)
            for name, path, token in rows:
                before = cpu_ns(worker)
                r = wrk(port, path, token, a.seconds, a.connections)
                r["cpu_us"] = (cpu_ns(worker) - before) / 1e3 / r["requests"]
                results[name].append(r)
                print("   %s run %d: %.0f req/s, %.2f us CPU/request, %d non-2xx"
                      % (name, rep + 1, r["rps"], r["cpu_us"], r["errors"]), file=sys.stderr)
        profiles = {}
        if a.perf:
            for name, path, token in rows:
                profiles[name] = perf_profile(worker, work, name,
                                              lambda: wrk(port, path, token, a.seconds,
                                                          a.connections))
    finally:
        master.send_signal(signal.SIGQUIT)
        master.wait(timeout=20)

    def median(name, key):
        return statistics.median(r[key] for r in results[name])

    floor = {k: statistics.median(f[k] for f in floors) for k in floors[0]}
    base = median("none", "cpu_us")
    print("nginx %s, 1 worker on CPU %d; wrk -t1 -c%d -d%ds on CPU 0; %d repetitions, medians"
          % (subprocess.run([nginx_binary(), "-v"], capture_output=True, text=True)
             .stderr.strip().split("/")[-1], cpus - 1, a.connections, a.seconds,
             a.repetitions))
    print()
    print("| row | requests/s | p50 | p99 | worker CPU per request | auth overhead | "
          "EVP_DigestVerify alone | validate_jwt alone | overhead − verify |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _, _ in rows:
        cpu = median(name, "cpu_us")
        errors = sum(r["errors"] for r in results[name])
        cells = ["%s%s" % (name if name != "none" else "no auth_jwt",
                           " (%d non-2xx!)" % errors if errors else ""),
                 "%.0f" % median(name, "rps"), "%.0f µs" % median(name, "p50"),
                 "%.0f µs" % median(name, "p99"), "%.2f µs" % cpu]
        if name == "none":
            cells += ["—", "—", "—", "—"]
        else:
            verify = floor["verify_only/openssl/" + name]
            validate = floor["validate/jwkview/" + name]
            cells += ["%.2f µs" % (cpu - base), "%.2f µs" % verify, "%.2f µs" % validate,
                      "%+.2f µs" % (cpu - base - verify)]
        print("| " + " | ".join(cells) + " |")
    if profiles:
        print_profiles(profiles, [name for name, _, _ in rows])
    subprocess.run(["rm", "-rf", work])
    return 0


def perf_profile(worker, work, name, run):
    """The worker's CPU per request (us) by shared object, over one run."""
    data = os.path.join(work, "perf-%s.data" % name)
    rec = subprocess.Popen(["perf", "record", "-q", "-o", data, "-p", str(worker)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # perf attaches
    before = cpu_ns(worker)
    r = run()
    cpu_us = (cpu_ns(worker) - before) / 1e3 / r["requests"]
    rec.send_signal(signal.SIGINT)
    rec.wait()
    report = subprocess.run(["perf", "report", "-i", data, "--sort", "dso", "--stdio",
                             "--percent-limit", "0"],
                            capture_output=True, text=True).stdout
    shares = {}
    for line in report.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(\S+)", line)
        if m:
            dso = re.sub(r"\.so[.\d]*$", "", m.group(2))
            shares[dso] = shares.get(dso, 0.0) + float(m.group(1)) / 100 * cpu_us
    return shares


def print_profiles(profiles, names):
    groups = [("kernel", ("[kernel.kallsyms]",)), ("nginx", ("nginx",)),
              ("libc", ("libc",)), ("libcrypto", ("libcrypto",)),
              ("jwkview (libjwkview, libjwkview_openssl, simdjson, the module)",
               ("libjwkview", "libjwkview_openssl", "libsimdjson", "ngx_http_jwkview_module"))]
    print()
    print("Worker CPU per request by shared object (`perf record`, one run of each row):")
    print()
    print("| row | " + " | ".join(g for g, _ in groups) + " | other |")
    print("| --- |" + " ---: |" * (len(groups) + 1))
    for name in names:
        shares = dict(profiles[name])
        cells = []
        for _, dsos in groups:
            cells.append("%.2f µs" % sum(shares.pop(d, 0.0) for d in dsos))
        cells.append("%.2f µs" % sum(shares.values()))
        print("| %s | %s |" % (name if name != "none" else "no auth_jwt", " | ".join(cells)))


if __name__ == "__main__":
    sys.exit(main())
