#!/bin/sh
# Builds the VictoriaLogs server that the Elasticsearch sink's integration tests run
# against (it speaks the Elasticsearch _bulk protocol). The version is pinned by the
# wrapper module in scripts/victorialogs; plain `go install` of VictoriaLogs does not
# work because its module graph needs that wrapper.
#
# Usage: scripts/install-victorialogs.sh [OUTPUT]
# OUTPUT defaults to $HUSH_VICTORIALOGS, then to .tools/bin/victoria-logs under the
# repository root. Does nothing when OUTPUT already exists; delete it to rebuild.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-${HUSH_VICTORIALOGS:-$root/.tools/bin/victoria-logs}}

wrapper="$root/scripts/victorialogs"
export GOWORK=off GOFLAGS="${GOFLAGS:-} -mod=readonly"
version=$(cd "$wrapper" && go list -m -f '{{.Version}}' github.com/VictoriaMetrics/VictoriaLogs)

# A binary without a version stamp was put there by hand: keep it.
if [ -x "$out" ] && { [ ! -f "$out.version" ] || [ "$(cat "$out.version")" = "$version" ]; }; then
	echo "victoria-logs: already installed at $out"
	exit 0
fi

mkdir -p "$(dirname "$out")"
start=$(date +%s)
# A pure-Go build needs no C toolchain.
(cd "$wrapper" && CGO_ENABLED=0 go build -trimpath -o "$out.tmp" \
	github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs)
mv "$out.tmp" "$out"
echo "$version" >"$out.version"
echo "victoria-logs $version: built $out in $(($(date +%s) - start))s"
