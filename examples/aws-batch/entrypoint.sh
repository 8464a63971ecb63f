#!/usr/bin/env bash
# The command of each child of an AWS Batch array job (submit with
#   aws batch submit-job --cli-input-json file://examples/aws-batch/simulate-array-job.json).
# AWS Batch sets AWS_BATCH_JOB_ARRAY_INDEX (0-based) in each child; the array size is passed as
# SHARDS (AWS gives no count variable). Each child writes its paths to a shared volume (EFS) with
# their manifest; when all have finished, one merge job gives the run's exact statistics:
#   chipsforequity simulate scenarios/meta-amd-base.yaml --paths "$PATHS" --seed "$SEED" --merge "$OUT"/paths-*.csv
set -euo pipefail
: "${AWS_BATCH_JOB_ARRAY_INDEX:?not an array job child}" "${SHARDS:?}" "${PATHS:?}" "${SEED:?}" "${OUT:?}"
cd "$(dirname "$0")/../.."
mkdir -p "$OUT"
exec npx --no-install chipsforequity simulate scenarios/meta-amd-base.yaml \
  --paths "$PATHS" --seed "$SEED" \
  --shard "$AWS_BATCH_JOB_ARRAY_INDEX/$SHARDS" \
  --paths-out "$OUT/paths-$AWS_BATCH_JOB_ARRAY_INDEX.csv" --format json --output "$OUT/shard-$AWS_BATCH_JOB_ARRAY_INDEX.json"
