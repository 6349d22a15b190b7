#!/usr/bin/env bash
# Benchmarks the real platform: cold start, idle memory per process, resolve → draft review latency.
# Builds Release (AppHost with every service, and the benchmark), publishes the services ReadyToRun as
# scripts/run-platform.sh does, then runs the benchmark in Release with AppHost on those (--services-dir).
# Arguments go to the benchmark: --suite S, --incidents N, --cold-starts N, --warm-up N, --idle-seconds N, --output <file>.
# Prints a markdown table and writes it to bench/results/latest.md. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prerequisites.sh
dotnet build AppHost/AppHost.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/IncidentPlatform.Benchmarks/IncidentPlatform.Benchmarks.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
# The platform as scripts/run-platform.sh runs it: the services published ReadyToRun.
bash scripts/publish-services.sh artifacts/services
exec dotnet run --project bench/IncidentPlatform.Benchmarks -c Release --no-build -- --services-dir "$PWD/artifacts/services" "$@"
