#!/usr/bin/env bash
# scripts/dev-certs.sh DIR [CLIENT_NAME]: certificates for trying TLS on one machine.
#
# Makes, in DIR (created 0700 if missing):
#   ca.pem, ca.key            a local certificate authority (10 years)
#   server.pem, server.key    ledgerd's certificate for 127.0.0.1, ::1 and localhost (2 years)
#   client.pem, client.key    a client certificate for mutual TLS, CN=CLIENT_NAME (default:
#                             ledgerctl) (2 years)
# Private keys are ECDSA P-256, mode 0600. Refuses to overwrite an existing ca.key.
#
# For development and tests only: a real deployment gets its server certificate from the
# county's CA and keeps the CA key off the server (docs/OPERATIONS.md).
#
#   scripts/dev-certs.sh var/tls
#   ledgerd --tls-cert=var/tls/server.pem --tls-key=var/tls/server.key
#   ledgerctl --tls-ca var/tls/ca.pem health
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 DIR [CLIENT_NAME]" >&2
  exit 64
fi
dir="$1"
client_name="${2:-ledgerctl}"
command -v openssl >/dev/null 2>&1 || { echo "error: openssl not found (apt-get install openssl)" >&2; exit 1; }
umask 077
mkdir -p "$dir"
cd "$dir"
if [ -e ca.key ]; then
  echo "error: $dir/ca.key exists; use another directory or remove it first" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# The CA.
newkey ca.key
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=ledger development CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca.pem

# sign NAME CN EXTFILE: NAME.key, NAME.pem signed by the CA.
sign() {
  newkey "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$tmp/$1.csr"
  openssl x509 -req -in "$tmp/$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
    -CAserial "$tmp/ca.srl" -days 730 -sha256 -extfile "$3" -out "$1.pem" 2>/dev/null
}

cat >"$tmp/server.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
EXT
sign server localhost "$tmp/server.ext"

cat >"$tmp/client.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
EXT
sign client "$client_name" "$tmp/client.ext"

chmod 600 ./*.key
chmod 644 ./*.pem
echo "certificates in $dir: ca.pem, server.pem + server.key, client.pem + client.key (CN=$client_name)"
