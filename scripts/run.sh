#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs ledgerd in the foreground on
# 127.0.0.1:50051 with an embedded PostgreSQL under var/pg. Ctrl-C stops both.
# Extra arguments are passed to ledgerd (see `ledgerd --help`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LEDGER_ROOT"

ledger_install_packages
ledger_build build/release "ledgerd ledgerctl" -DCMAKE_BUILD_TYPE=Release

mkdir -p var
cat >&2 <<MSG

  ledgerd is starting on 127.0.0.1:50051 (data in var/, keys in var/keys/).
  In another shell, try:
      build/release/bin/ledgerctl health
      build/release/bin/ledgerctl --help
  Stop with Ctrl-C. Running scripts/run.sh again reuses var/.

MSG
exec build/release/bin/ledgerd --listen=127.0.0.1:50051 --db=embedded:var/pg "$@"
