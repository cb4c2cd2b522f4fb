#!/usr/bin/env bash
# Installs what is missing, builds ledger-bench, ledgerd and ledgerctl (Release) and runs the
# benchmark against this machine's own ceilings (docs/PERFORMANCE.md). The JSON report goes to
# bench/results/. Extra arguments are passed to ledger-bench, e.g.
#   scripts/bench.sh                                    # small default sizes, a few minutes
#   scripts/bench.sh --entries=1000000 --proof-tree=1000000 --proof-tree-large=10000000 --perf
# Run it on a quiet machine: the ceilings are measured in the same run, but anything else using
# the cores changes every figure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LEDGER_ROOT"

ledger_install_packages
if [[ " $* " == *" --perf "* ]] && ! command -v perf >/dev/null 2>&1; then
  say "installing linux-perf for --perf"
  LEDGER_PACKAGES=(linux-perf)
  ledger_install_packages
fi
ledger_build build/release "ledger-bench ledgerd ledgerctl" -DCMAKE_BUILD_TYPE=Release
exec build/release/bin/ledger-bench "$@"
