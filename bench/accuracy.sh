#!/usr/bin/env bash
# Accuracy grid on the peers' 90/10 splits (../shared/tools/make_splits.sh), the way Spark MLlib ALS was
# tuned in ../shared/PEERS.md: count-scaled λ, rank ∈ {10, 32, 64} × λ ∈ {0.03 … 0.2}, 15 iterations,
# best test RMSE per data set. Usage: bench/accuracy.sh [SPLITS_DIR] (default /tmp/mf4j-splits).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
splits=${1:-/tmp/mf4j-splits}
[ -d "$splits/movielens-100k" ] || OUT="$splits" bash "$here/../shared/tools/make_splits.sh" >/dev/null
tmp=$(mktemp -d)
for ds in movielens-100k movielens-latest-small anime-caserec; do
  best=""
  for k in 10 32 64; do
    for l in 0.03 0.05 0.08 0.12 0.2; do
      "$here/mf4j" fit --input "$splits/$ds/train.tsv" --test "$splits/$ds/test.tsv" --rank $k --lambda $l \
        --reg-scaling count --iterations 15 --quiet --report "$tmp/r.json" >/dev/null
      rmse=$(sed -n 's/^  "test_rmse" : \([0-9.]*\).*/\1/p' "$tmp/r.json")
      echo "$ds rank=$k lambda=$l test_rmse=$rmse"
      if [ -z "$best" ] || awk "BEGIN{exit !($rmse < ${best%% *})}"; then best="$rmse rank=$k lambda=$l"; fi
    done
  done
  echo "BEST $ds test_rmse=$best"
done
rm -rf "$tmp"
