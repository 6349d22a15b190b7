#!/usr/bin/env bash
# Starts IncidentPlatform: installs PostgreSQL/RabbitMQ if missing, builds, publishes the services ReadyToRun
# (scripts/publish-services.sh, into artifacts/services) and runs AppHost on them, which starts private database and
# broker instances, the dev identity issuer, every service and the gateway, seeds the demo org, and prints the
# gateway URL and a dev token. Ctrl+C stops everything.
# Extra arguments go to AppHost: --fresh, --no-seed, --quiet, --state-dir <dir>, --gateway-port <port>,
# --identity-port <port>.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prerequisites.sh
dotnet build IncidentPlatform.sln -c Release -nologo -v quiet -clp:ErrorsOnly
services=()
if bash scripts/publish-services.sh artifacts/services; then
  services=(--services-dir "$PWD/artifacts/services")
else
  echo "warning: publishing the services ReadyToRun failed (above); running the build outputs, which start slower." >&2
fi
exec dotnet run --project AppHost -c Release --no-build -- "${services[@]}" "$@"
