#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs ledgerd in the foreground on
# 127.0.0.1:50051 with an embedded PostgreSQL under var/pg. Ctrl-C stops both.
# Extra arguments are passed to ledgerd (see `ledgerd --help`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LEDGER_ROOT"

ledger_install_packages
ledger_build build/release "ledgerd ledgerctl" -DCMAKE_BUILD_TYPE=Release

# The demo county: 东至县 (341721). On first start ledgerd creates its log, an administrator key
# var/keys/admin.key (mode 0600) and the Genesis entry that registers it.
DEMO_ORIGIN="${LEDGER_DEMO_ORIGIN:-ledger.example.org/341721}"
mkdir -p var
cat >&2 <<MSG

  ledgerd is starting on 127.0.0.1:50051 (data in var/pg/, keys in var/keys/).
  The demo log ${DEMO_ORIGIN} (东至县) and its administrator key var/keys/admin.key are
  created on first start. The public notice board (村务公开栏) is at http://127.0.0.1:8080/
  (read-only; open it in a browser on this machine). In another shell, try:
      export LEDGER_ORIGIN=${DEMO_ORIGIN} LEDGER_KEY=var/keys/admin.key LEDGER_PRINCIPAL=admin
      build/release/bin/ledgerctl health
      build/release/bin/ledgerctl log info
      build/release/bin/ledgerctl principal list
      build/release/bin/ledgerctl key gen --out var/keys/fin.key
      build/release/bin/ledgerctl principal add --id fin-341721 --name 东至县财政局 \\
          --kind finance-bureau --scope 341721 --role fund-manager
      build/release/bin/ledgerctl key register --for fin-341721 --key-file var/keys/fin.key
      build/release/bin/ledgerctl checkpoint
      build/release/bin/ledgerctl --help
  Stop with Ctrl-C. Running scripts/run.sh again reuses var/.

MSG
# A single-machine demo: every role is played from this machine over plaintext loopback, so
# reads are open (a deployment scopes them by client certificate: docs/OPERATIONS.md).
exec build/release/bin/ledgerd --listen=127.0.0.1:50051 --db=embedded:var/pg \
  --key-dir=var/keys --demo-origin="$DEMO_ORIGIN" --read-access=open --http=127.0.0.1:8080 "$@"
