#!/usr/bin/env bash
# run_target.sh TARGET SEEDS WORK -- runs one libFuzzer target for SOUK_FUZZ_SECONDS (15 by
# default) from the seeds kept in git. New inputs it finds go to WORK/corpus, never into
# the repository; a crash, leak or broken promise leaves its input in WORK/ and fails.
set -euo pipefail
target="$1" seeds="$2" work="$3"
seconds="${SOUK_FUZZ_SECONDS:-15}"
mkdir -p "$work/corpus"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec "$target" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$seeds"
