#!/usr/bin/env python3
"""Coalesced-waiter latency: ROUNDS times, N clients ask a cache for one object nobody has
fetched yet, all at once (connections opened first, then released by a barrier). Prints
each waiter's time to the last body byte as `WAITERS p50_ms p99_ms max_ms upstream_fetches`.

usage: waiters.py PORT PATHS_FILE ROUNDS N ORIGIN_LOG
"""
import http.client
import statistics
import sys
import threading
import time


def one_round(port, path, n):
    barrier = threading.Barrier(n)
    latencies = [None] * n
    statuses = [None] * n

    def client(i):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.connect()
        barrier.wait()
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        latencies[i] = (time.perf_counter() - start) * 1000
        statuses[i] = response.status
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if any(status != 200 for status in statuses):
        raise SystemExit("non-200 answers: %s" % statuses)
    return latencies


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


if __name__ == "__main__":
    port, paths_file, rounds, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    paths = [line.strip() for line in open(paths_file) if line.strip()]
    samples = []
    for r in range(rounds):
        latencies = one_round(port, paths[r], n)
        if r > 0:
            # the first round warms the server's code paths
            samples += latencies
    print("WAITERS %.1f %.1f %.1f" % (statistics.median(samples), percentile(samples, 99), max(samples)))
