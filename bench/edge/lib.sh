# Shared by the edge benchmarks (sourced): waiting for a server, free ports, medians.

wait_for() { # url
  for _ in $(seq 1 120); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "not up: $1" >&2; exit 1
}

# N free ports on 127.0.0.1, so nothing else on this machine is measured by mistake
free_ports() { # count
  python3 -c '
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])' "$1"
}

# lines of "req/s p50 p99 non2xx errors [more…]" -> the median of each field, except
# non-2xx and errors (fields 4 and 5), which are summed
median() {
  awk '{ for (f = 1; f <= NF; f++) v[f, NR] = $f; if (NF > nf) nf = NF } END {
    for (f = 1; f <= nf; f++) {
      n = 0; for (r = 1; r <= NR; r++) a[++n] = v[f, r]
      for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (a[y] < a[x]) { t = a[x]; a[x] = a[y]; a[y] = t }
      if (f == 4 || f == 5) { s = 0; for (x = 1; x <= n; x++) s += a[x]; out[f] = s } else out[f] = a[int((n + 1) / 2)]
      printf "%s%s", out[f], (f < nf ? " " : "\n")
    }
  }'
}
