#!/usr/bin/env bash
# scripts/dev-certs.sh DIR [CLIENT_NAME]: certificates for trying TLS on one machine.
# scripts/dev-certs.sh --principal PRINCIPAL_ID DIR: a client certificate for one principal.
#
# The first form makes, in DIR (created 0700 if missing):
#   ca.pem, ca.key            a local certificate authority (10 years)
#   server.pem, server.key    ledgerd's certificate for 127.0.0.1, ::1 and localhost (2 years)
#   client.pem, client.key    a client certificate for mutual TLS, CN=CLIENT_NAME (default:
#                             ledgerctl) (2 years); it names no principal, so under
#                             ledgerd --require-client-cert it can read but not submit
# Refuses to overwrite an existing ca.key.
#
# The second form uses the CA already in DIR and makes principal-PRINCIPAL_ID.pem and .key:
# CN=PRINCIPAL_ID with the URI subject alternative name ledger-principal:PRINCIPAL_ID, the
# convention by which a certificate names the principal whose entries it may submit
# (docs/OPERATIONS.md "TLS"). Refuses to overwrite an existing certificate.
#
# Private keys are ECDSA P-256, mode 0600.
#
# For development and tests only: a real deployment gets its server certificate from the
# county's CA and keeps the CA key off the server (docs/OPERATIONS.md).
#
#   scripts/dev-certs.sh var/tls
#   ledgerd --tls-cert=var/tls/server.pem --tls-key=var/tls/server.key
#   ledgerctl --tls-ca var/tls/ca.pem health
#   scripts/dev-certs.sh --principal fin var/tls   # var/tls/principal-fin.pem, .key
set -euo pipefail

usage() {
  echo "usage: $0 DIR [CLIENT_NAME]" >&2
  echo "       $0 --principal PRINCIPAL_ID DIR" >&2
  exit 64
}
principal=""
if [ "${1:-}" = "--principal" ]; then
  [ $# -eq 3 ] || usage
  principal="$2"
  dir="$3"
  # The principal id's form (docs/FORMATS.md §9.2), which also keeps it safe in a subject.
  if ! [[ "$principal" =~ ^[A-Za-z0-9._-]{1,64}$ ]]; then
    echo "error: principal id \"$principal\" is not 1 to 64 of A-Z a-z 0-9 . _ -" >&2
    exit 64
  fi
else
  if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
  dir="$1"
  client_name="${2:-ledgerctl}"
fi
command -v openssl >/dev/null 2>&1 || { echo "error: openssl not found (apt-get install openssl)" >&2; exit 1; }
umask 077
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# sign NAME CN EXTFILE: NAME.key, NAME.pem signed by the CA.
sign() {
  newkey "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$tmp/$1.csr"
  openssl x509 -req -in "$tmp/$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
    -CAserial "$tmp/ca.srl" -days 730 -sha256 -extfile "$3" -out "$1.pem" 2>/dev/null
}

if [ -n "$principal" ]; then
  cd "$dir" 2>/dev/null || { echo "error: $dir does not exist; run $0 $dir first" >&2; exit 1; }
  if [ ! -e ca.key ] || [ ! -e ca.pem ]; then
    echo "error: $dir has no ca.pem and ca.key; run $0 $dir first" >&2
    exit 1
  fi
  name="principal-$principal"
  if [ -e "$name.pem" ] || [ -e "$name.key" ]; then
    echo "error: $dir/$name.pem or .key exists; remove it first" >&2
    exit 1
  fi
  cat >"$tmp/principal.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectAltName=URI:ledger-principal:$principal
EXT
  sign "$name" "$principal" "$tmp/principal.ext"
  chmod 600 "$name.key"
  chmod 644 "$name.pem"
  echo "certificate in $dir: $name.pem + $name.key (principal $principal)"
  exit 0
fi

mkdir -p "$dir"
cd "$dir"
if [ -e ca.key ]; then
  echo "error: $dir/ca.key exists; use another directory or remove it first" >&2
  exit 1
fi

# The CA.
newkey ca.key
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=ledger development CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca.pem

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
