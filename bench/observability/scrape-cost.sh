#!/usr/bin/env bash
# What scraping costs, read from a running Prometheus (./cdn up --observability or
# ./cdn demo --observability; both start it with --enable-feature=extra-scrape-metrics):
# per job, the longest scrape and the largest body over the last WINDOW, the samples per
# scrape, and the series Prometheus holds. Prints a Markdown table for bench/RESULTS.md.
#
#   bench/observability/scrape-cost.sh [WINDOW] [PROMETHEUS]    (default 5m, http://localhost:9090)
set -euo pipefail
WINDOW=${1:-5m}
PROM=${2:-http://localhost:9090}
q() { curl -fsS "$PROM/api/v1/query" --data-urlencode "query=$1" \
  | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print("\n".join(x["metric"].get("job","")+"\t"+x["value"][1] for x in r))'; }
declare -A duration bytes samples
while IFS=$'\t' read -r job v; do duration[$job]=$v; done < <(q "max by (job) (max_over_time(scrape_duration_seconds[$WINDOW]))")
while IFS=$'\t' read -r job v; do bytes[$job]=$v; done < <(q "max by (job) (max_over_time(scrape_body_size_bytes[$WINDOW]))")
while IFS=$'\t' read -r job v; do samples[$job]=$v; done < <(q "max by (job) (max_over_time(scrape_samples_scraped[$WINDOW]))")
echo "| job | longest scrape ms | largest body KB | samples per scrape |"
echo "| --- | ---: | ---: | ---: |"
for job in $(printf '%s\n' "${!duration[@]}" | sort); do
  awk -v j="$job" -v d="${duration[$job]}" -v b="${bytes[$job]:-0}" -v s="${samples[$job]:-0}" \
    'BEGIN { printf "| %s | %.1f | %.1f | %d |\n", j, d*1000, b/1000, s }'
done
echo
echo "series in Prometheus (head): $(curl -fsS "$PROM/api/v1/status/tsdb" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["headStats"]["numSeries"])')"
