#!/usr/bin/env bash
# Builds the concurrency tests with ThreadSanitizer in build/tsan and runs them: the worker pool
# (ledger/sequencer/worker_pool_test.cc), the PostgreSQL connection pool (tests/pg/pg_pool_test.cc),
# the sequencer against a real PostgreSQL (tests/pg/log_sequencer_test.cc) and the proofs' node
# cache, alone and shared by threads proving through one store (ledger/merkle/node_cache_test.cc,
# PgLedgerStoreTest.ConcurrentCachedProofsAreCorrect), with the test
# run's own throwaway cluster (the pg_cluster fixture). Only those targets are built. Exits
# non-zero on any failure or any report from ThreadSanitizer.
# Extra arguments are passed to ctest (e.g. --verbose, --repeat until-fail:5).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LEDGER_ROOT"

ledger_install_packages
ledger_build build/tsan \
  "worker_pool_test pg_pool_test log_sequencer_test node_cache_test pg_ledger_store_test ledger_pg_fixture" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEDGER_SANITIZE=thread -DLEDGER_WERROR=ON

# halt_on_error: a race fails its test instead of scrolling past in a passing one.
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"
# ThreadSanitizer's shadow memory needs a fixed layout: kernels with high mmap randomisation
# (vm.mmap_rnd_bits > 28) make GCC 12's runtime abort with "unexpected memory mapping". Running
# without address randomisation (inherited by the test processes) avoids it.
run=()
if command -v setarch >/dev/null 2>&1 && setarch "$(uname -m)" -R true 2>/dev/null; then
  run=(setarch "$(uname -m)" -R)
fi
say "running the concurrency tests under ThreadSanitizer"
cd build/tsan
"${run[@]}" ctest --output-on-failure --timeout 900 -j "$(nproc)" \
  -R '^(pg_cluster_(start|stop)|WorkerPoolTest\..*|PgPoolTest\..*|LogSequencerTest\..*|NodeCacheTest\..*|PgLedgerStoreTest\.ConcurrentCachedProofsAreCorrect)$' \
  "$@"
