#!/usr/bin/env bash
# Ranking accuracy of weighted ALS on the peers' per-user 20 % hold-outs (../shared/tools/make_splits.sh:
# implicit/ml100k-pos, implicit/lastfm-2k), with settings chosen on a VALIDATION slice of the training
# data, never on the test set: each configuration is fitted on train.tsv minus a per-user 20 % slice
# (--split user-fraction, seed 7) and scored by NDCG@10 on that slice; the best one is then refitted on
# the whole train.tsv and scored once on test.tsv. K = 64, 15 iterations, as the peer figures.
# Usage: bench/implicit-accuracy.sh [SPLITS_DIR] [DATASET...]   (default /tmp/mf4j-splits, both sets)
# Extra settings to try per data set are the GRID_<name> variables below (one configuration per line).
# The same procedure in one JVM (faster, what the README figures came from): the test-scope tool
# org.mf4j.eval.WalsGridTool (see its Javadoc).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
splits=${1:-/tmp/mf4j-splits}; shift || true
sets=${*:-ml100k-pos lastfm-2k}
[ -d "$splits/implicit/ml100k-pos" ] || OUT="$splits" bash "$here/../shared/tools/make_splits.sh" >/dev/null
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
json() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(' '.join(str(r.get(k)) for k in sys.argv[2:]))" "$@"; }

# One configuration per line: mf4j fit options after --algorithm wals --rank 64 --iterations 15.
GRID_common=$(for l in 0.003 0.01 0.03 0.1; do for w in 0.05 0.1 0.2 0.5; do
    echo "--confidence constant --w0 $w --reg-scaling frequency --reg-exponent 1 --lambda $l"; done; done
  for a in 2 4 8; do for l in 10 30 100; do echo "--confidence linear --alpha $a --lambda $l"; done; done)
GRID_lastfm_2k=$(for a in 2 5 10; do for l in 30 100 300; do echo "--confidence log --alpha $a --epsilon 1 --lambda $l"; done; done
  for a in 1 2; do for w in 0.5 1; do for c in 0 0.25 0.5; do for l in 0.01 0.02; do
    echo "--confidence log --alpha $a --w0 $w --w0-exponent $c --reg-scaling frequency --reg-exponent 1 --lambda $l"; done; done; done; done)

for ds in $sets; do
  dir="$splits/implicit/$ds"; var="GRID_${ds//-/_}"
  grid=$( { echo "$GRID_common"; echo "${!var:-}"; } | sed '/^$/d')
  best=""; bestScore=-1
  while IFS= read -r cfg; do
    # shellcheck disable=SC2086
    "$here/mf4j" fit --algorithm wals --rank 64 --iterations 15 $cfg --input "$dir/train.tsv" \
      --split user-fraction --test-fraction 0.2 --split-seed 7 --quiet --report "$tmp/v.json" >/dev/null
    score=$(json "$tmp/v.json" ndcg_at_10)
    echo "$ds validation ndcg_at_10=$score  $cfg"
    if awk "BEGIN{exit !($score > $bestScore)}"; then bestScore=$score; best=$cfg; fi
  done <<< "$grid"
  # shellcheck disable=SC2086
  "$here/mf4j" fit --algorithm wals --rank 64 --iterations 15 $best --input "$dir/train.tsv" --test "$dir/test.tsv" \
    --quiet --report "$tmp/t.json" >/dev/null
  echo "BEST $ds (validation ndcg_at_10 $bestScore): $best"
  echo "TEST $ds ndcg_at_10 precision_at_10_capped precision_at_10 recall_at_10 map_at_10 auc: $(json "$tmp/t.json" ndcg_at_10 precision_at_10_capped precision_at_10 recall_at_10 map_at_10 auc)"
done
