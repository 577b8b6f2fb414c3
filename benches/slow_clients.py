#!/usr/bin/env python3
"""Slow and many connections against `recoup-tasks serve` (issue 12, item 1). Python 3 stdlib.

Starts `serve` on a temp database and opens, without any key, N idle connections, N that send
half a request head, and N that send all of a 1 MiB POST body but its last byte. It reports
the server's RSS (VmRSS) before, while they are held and after, how long a valid
`GET /api/tasks` takes while they are held, how many are still open after --wait seconds, and
whether SIGTERM stops the server while a POST is stalled (and how long that takes). With
--nofile it also runs the server under that file limit and opens --many idle connections
first, as `ulimit -n 1024` with 1,100 connections did.

    benches/slow_clients.py --binary target/release/recoup-tasks
    benches/slow_clients.py --binary target/release/recoup-tasks --nofile 1024 --many 1100
"""

import argparse
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time

KEY = "slow-clients-bench-key"
BODY = 1024 * 1024


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def open_files(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def start_serve(binary, db, nofile):
    def limit_files():
        if nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    proc = subprocess.Popen(
        [binary, "serve", "--addr", "127.0.0.1:0", "--db", db, "--api-key", KEY],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "RUST_LOG": "error"},
        preexec_fn=limit_files,
        text=True,
    )
    banner = proc.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)", banner)
    if not found:
        proc.kill()
        sys.exit(f"no address in the banner: {banner!r}")
    return proc, int(found.group(1))


def connect(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    return sock


def open_idle(port, n):
    return [connect(port) for _ in range(n)]


def open_half_header(port, n):
    socks = []
    for _ in range(n):
        sock = connect(port)
        sock.sendall(b"POST /api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
        socks.append(sock)
    return socks


def open_stalled_body(port, n):
    socks = []
    head = (
        f"POST /api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {BODY}\r\n\r\n"
    ).encode()
    body = b"x" * (BODY - 1)
    for _ in range(n):
        sock = connect(port)
        try:
            sock.sendall(head + body)
        except OSError as err:
            print(f"  (a stalled body could not be sent: {err})")
        socks.append(sock)
    return socks


def is_open(sock):
    """False once the server closed (or reset) the connection; a reply it sent is drained."""
    sock.setblocking(False)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return False
    except BlockingIOError:
        return True
    except OSError:
        return False


def valid_request_seconds(port, timeout):
    started = time.monotonic()
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        sock.settimeout(timeout)
        sock.sendall(
            f"GET /api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: {KEY}\r\n"
            f"Connection: close\r\n\r\n".encode()
        )
        reply = b""
        while b"\r\n" not in reply:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
        sock.close()
    except OSError as err:
        return None, f"failed after {time.monotonic() - started:.2f} s: {err}"
    status = reply.split(b"\r\n", 1)[0].decode(errors="replace")
    return time.monotonic() - started, status


def close_all(groups):
    for socks in groups.values():
        for sock in socks:
            sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--wait", type=float, default=45.0)
    parser.add_argument("--nofile", type=int, default=0)
    parser.add_argument("--many", type=int, default=0)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    with tempfile.TemporaryDirectory() as work:
        proc, port = start_serve(args.binary, os.path.join(work, "bench.db"), args.nofile)
        try:
            run(proc, port, args)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def run(proc, port, args):
    time.sleep(0.5)
    print(f"binary: {args.binary}")
    print(f"RSS at start: {rss_mb(proc.pid):.1f} MB")
    took, status = valid_request_seconds(port, 60)
    print(f"valid GET /api/tasks, nothing held: {fmt(took)} ({status})")

    if args.many:
        print(f"\n{args.many} idle connections, server file limit {args.nofile or 'inherited'}")
        opened = time.monotonic()
        many = open_idle(port, args.many)
        print(f"connected in {time.monotonic() - opened:.1f} s")
        time.sleep(1)
        print(f"the server holds {open_files(proc.pid)} open files")
        took, status = valid_request_seconds(port, 60)
        print(f"valid GET /api/tasks while they are held: {fmt(took)} ({status})")
        for sock in many:
            sock.close()
        time.sleep(1)

    n = args.count
    print(f"\n{n} idle + {n} half-header + {n} stalled 1 MiB-body connections")
    opened = time.monotonic()
    groups = {
        "idle": open_idle(port, n),
        "half header": open_half_header(port, n),
        "stalled body": open_stalled_body(port, n),
    }
    print(f"opened in {time.monotonic() - opened:.1f} s")
    time.sleep(2)
    print(f"RSS while held: {rss_mb(proc.pid):.1f} MB")
    took, status = valid_request_seconds(port, 60)
    print(f"valid GET /api/tasks while held: {fmt(took)} ({status})")

    remaining = args.wait - (time.monotonic() - opened)
    if remaining > 0:
        time.sleep(remaining)
    print(f"after {time.monotonic() - opened:.0f} s still open:")
    for name, socks in groups.items():
        print(f"  {name}: {sum(is_open(sock) for sock in socks)} of {len(socks)}")
    print(f"RSS then: {rss_mb(proc.pid):.1f} MB")
    close_all(groups)
    time.sleep(5)
    print(f"RSS 5 s after the client closed everything: {rss_mb(proc.pid):.1f} MB")
    took, status = valid_request_seconds(port, 60)
    print(f"valid GET /api/tasks afterwards: {fmt(took)} ({status})")

    print("\nSIGTERM with one stalled POST")
    stalled = open_stalled_body(port, 1)
    time.sleep(0.5)
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=30)
        print(f"serve exited ({code}) {time.monotonic() - sent:.2f} s after SIGTERM")
    except subprocess.TimeoutExpired:
        print("serve had not exited 30 s after SIGTERM (killed)")
    close_all({"stalled": stalled})


def fmt(seconds):
    return "no answer" if seconds is None else f"{seconds * 1000:.0f} ms"


if __name__ == "__main__":
    main()
