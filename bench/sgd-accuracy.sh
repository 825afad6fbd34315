#!/usr/bin/env bash
# Biased SGD test RMSE on the peers' 90/10 splits with settings chosen on a 10 % validation slice of the
# training file (mf4j tune; the test file is read only by the final refit). Usage:
# bench/sgd-accuracy.sh [SPLITS_DIR] (default /tmp/mf4j-splits, made by ../shared/tools/make_splits.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
splits=${1:-/tmp/mf4j-splits}
for ds in movielens-100k movielens-latest-small anime-caserec; do
  echo "== $ds"
  "$here/mf4j" tune --input "$splits/$ds/train.tsv" --test "$splits/$ds/test.tsv" --algorithm sgd \
    --rank 64,128 --lambda 0.08,0.1,0.12 --lambda-bias 0.01,0.05 --learning-rate 0.05 --iterations 80 --patience 3 \
    --threads 2 --quiet | tail -2
done
