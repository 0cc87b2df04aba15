# Check a conform attestation without conform: openssl (3.x), jq, base64,
# sha256sum. Arguments: the report folder and the signer's public key.
# docs/attestation.md shows the same commands.
set -euo pipefail
REPORT=$1 KEY=$2
ENV=$REPORT/attestation.dsse.json
jq -r .payload "$ENV" | base64 -d > payload.json
jq -r '.signatures[0].sig' "$ENV" | base64 -d > sig.bin
TYPE=$(jq -r .payloadType "$ENV")
# DSSE signs PAE(type, payload) = "DSSEv1 <len> <type> <len> <payload>".
{ printf 'DSSEv1 %d %s %d ' "${#TYPE}" "$TYPE" "$(wc -c < payload.json)"; cat payload.json; } > pae.bin
openssl pkeyutl -verify -pubin -inkey "$KEY" -rawin -in pae.bin -sigfile sig.bin
# The signed statement names each report by its SHA-256.
jq -r '.subject[] | select(.name | startswith("features/") | not) | "\(.digest.sha256)  \(.name)"' payload.json > sums
(cd "$REPORT" && sha256sum -c "$OLDPWD/sums")
