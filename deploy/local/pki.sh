#!/usr/bin/env bash
# This install's certificate authority and the certificates it issues, made once with openssl into .local/pki
# (folder 0700, keys 0600, ignored by git) and reused on every later run:
#   ca.pem / ca.key            the CA, generated per install: the only issuer silos, gateways and clients trust
#   silo.pem / silo.key        silo-to-silo and client-to-silo mutual TLS, server side (serverAuth + clientAuth)
#   gateway.pem / gateway.key  the gateways' client certificate towards the silos (clientAuth)
#   edge.pem / edge.key        nginx's HTTPS certificate for localhost and 127.0.0.1 (serverAuth)
#   deploy/local/pki.sh ensure   create what is missing
#   deploy/local/pki.sh path     print the folder
# Settings (environment): PKI_DIR (default <repo>/.local/pki). To renew everything: remove the folder, run up.sh.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PKI_DIR="${PKI_DIR:-$REPO_ROOT/.local/pki}"

die() { echo "[pki] ERROR: $*" >&2; exit 1; }
command -v openssl >/dev/null || die "openssl is needed to generate certificates (apt-get install openssl)"

ensure_ca() {
  [ -f "$PKI_DIR/ca.pem" ] && [ -f "$PKI_DIR/ca.key" ] && return
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -keyout "$PKI_DIR/ca.key" -out "$PKI_DIR/ca.pem" \
    -subj "/CN=Marketplace local CA $(hostname) $(date -u +%Y-%m-%d)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null \
    || die "openssl could not create the CA"
  echo "[pki] CA generated: $PKI_DIR/ca.pem" >&2
}

# issue NAME EXTENDED_KEY_USAGE: a certificate for loopback signed by the CA, unless NAME.pem exists.
issue() {
  local name="$1" usage="$2"
  [ -f "$PKI_DIR/$name.pem" ] && [ -f "$PKI_DIR/$name.key" ] && return
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$PKI_DIR/$name.key" \
    -out "$PKI_DIR/$name.csr" -subj "/CN=marketplace-$name" 2>/dev/null || die "openssl could not create the $name key"
  openssl x509 -req -in "$PKI_DIR/$name.csr" -CA "$PKI_DIR/ca.pem" -CAkey "$PKI_DIR/ca.key" -CAcreateserial \
    -days 825 -out "$PKI_DIR/$name.pem" -extfile <(printf '%s\n' \
      "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=$usage" "subjectAltName=DNS:localhost,IP:127.0.0.1") 2>/dev/null \
    || die "openssl could not issue the $name certificate"
  rm -f "$PKI_DIR/$name.csr"
  echo "[pki] $name certificate issued: $PKI_DIR/$name.pem" >&2
}

ensure() {
  mkdir -p "$PKI_DIR"
  chmod 0700 "$PKI_DIR"
  (
    umask 077
    ensure_ca
    issue silo serverAuth,clientAuth
    issue gateway clientAuth
    issue edge serverAuth
  )
}

case "${1:-}" in
  ensure) ensure ;;
  path) echo "$PKI_DIR" ;;
  *) echo "usage: $0 ensure|path" >&2; exit 2 ;;
esac
