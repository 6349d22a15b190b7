#!/usr/bin/env bash
# Starts IncidentPlatform: installs PostgreSQL/RabbitMQ if missing, builds, publishes the services ReadyToRun
# (scripts/publish-services.sh, into artifacts/services) and runs AppHost on them, which starts private database and
# broker instances, the dev identity issuer, every service and the gateway, seeds the demo org, and prints the
# gateway URL and a dev token. Ctrl+C stops everything.
# Extra arguments go to AppHost: --fresh, --no-seed, --quiet, --state-dir <dir>, --gateway-port <port>.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prerequisites.sh
dotnet build IncidentPlatform.sln -c Release -nologo -v quiet -clp:ErrorsOnly
bash scripts/publish-services.sh artifacts/services
exec dotnet run --project AppHost -c Release --no-build -- --services-dir "$PWD/artifacts/services" "$@"
