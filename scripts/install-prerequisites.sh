#!/usr/bin/env bash
# Installs what the platform and its tests run on, if missing: PostgreSQL and RabbitMQ (and python3 for a docs test)
# from Debian's packages.
# AppHost and the tests run private instances from these binaries; the system services are not used.
set -euo pipefail

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || missing+=(postgresql)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
command -v setpriv > /dev/null || missing+=(util-linux)
# The unit tests run the partner guide's Python signature verifier as a partner would.
command -v python3 > /dev/null || missing+=(python3)

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (Debian packages)…"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" > /dev/null
fi

command -v dotnet > /dev/null || { echo "error: the .NET SDK is not installed (dotnet not on PATH); install .NET 10 SDK first." >&2; exit 1; }
