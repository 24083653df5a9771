#!/bin/sh
# Installs the pinned gitleaks used by "hush eval" and "hush bench" into .tools/bin.
# Idempotent: does nothing when the pinned version is already there.
set -eu
version=v8.30.1
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
if [ -x "$bin/gitleaks" ] && "$bin/gitleaks" version 2>/dev/null | grep -q "${version#v}"; then
	echo "gitleaks $version already installed in .tools/bin"
	exit 0
fi
mkdir -p "$bin"
GOBIN="$bin" go install -ldflags "-X github.com/zricethezav/gitleaks/v8/version.Version=$version" \
	"github.com/zricethezav/gitleaks/v8@$version"
echo "installed gitleaks $version in .tools/bin"
