#!/usr/bin/env bash
# A sharded Monte Carlo run: SHARDS jobs by GNU parallel, each computing its slice of paths
# 1..PATHS into a --paths-out CSV, then one `--merge` that gives exactly the numbers (and, for
# table/csv/markdown, the bytes) of the unsharded run.
#
#   examples/gnu-parallel/simulate.sh [SHARDS] [PATHS] [OUT_DIR]
set -euo pipefail
shards=${1:-4}
paths=${2:-100000}
out=${3:-out/simulate}
cfe=${CHIPSFOREQUITY:-npx --no-install chipsforequity}
scenario=scenarios/meta-amd-base.yaml
mkdir -p "$out"
seq 1 "$shards" | parallel --halt now,fail=1 --joblog "$out/joblog" \
  "$cfe simulate $scenario --paths $paths --seed 7 --workers 1 \
     --shard \$(({#} - 1))/$shards --paths-out $out/paths-\$(({#} - 1)).csv --format json > $out/shard-\$(({#} - 1)).json"
# the whole run, from the shards (any order; a missing, duplicated or foreign shard is refused)
$cfe simulate "$scenario" --paths "$paths" --seed 7 --merge "$out"/paths-*.csv
