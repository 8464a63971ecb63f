#!/usr/bin/env bash
# A sharded sweep run by GNU parallel, one shard per core (add -S host1,host2 or --sshloginfile to
# spread it over machines that share the output directory), written as Parquet and queried with
# DuckDB in one glob.
#
#   examples/gnu-parallel/sweep.sh [SHARDS] [OUT_DIR]
#
# Each job is `chipsforequity sweep ... --shard I/N`: GNU parallel's {#} counts jobs from 1, the
# shard index from 0, hence $(({#} - 1)). Every shard writes OUT_DIR/part-I.parquet and its
# manifest part-I.parquet.manifest.json (inputs sha256, shard, point range). The shards' rows, in
# shard order, are exactly the rows of the unsharded sweep.
set -euo pipefail
shards=${1:-4}
out=${2:-out/sweep}
cfe=${CHIPSFOREQUITY:-npx --no-install chipsforequity}
mkdir -p "$out"
seq 1 "$shards" | parallel --halt now,fail=1 --joblog "$out/joblog" \
  "$cfe sweep scenarios/meta-amd-base.yaml \
     --vary share_price.cagr=0:0.3:0.001 --vary baseline.unit_price=40000:70000:500 \
     --metrics savings,savings_pv,warrant_net_value \
     --format parquet --shard \$(({#} - 1))/$shards --output $out/part-\$(({#} - 1)).parquet"
echo "wrote $shards shards to $out; for example, with DuckDB:"
echo "  SELECT count(*), sum(savings) FROM read_parquet('$out/part-*.parquet');"
