#!/usr/bin/env bash
# Runs every test: unit, integration (each service against real PostgreSQL and RabbitMQ started by the
# fixtures) and end-to-end (the whole platform started by AppHost, driven through the gateway).
# Ends with the totals alone on a line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prerequisites.sh || exit 1
if ! dotnet build IncidentPlatform.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
status=0
results=$(mktemp -d)
for project in tests/IncidentPlatform.UnitTests tests/IncidentPlatform.IntegrationTests tests/IncidentPlatform.EndToEndTests; do
  log="$results/$(basename "$project").log"
  echo "=== $project"
  dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  summary=$(grep -E "^(Passed|Failed)!" "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "error: no test summary from $project"
    failed=$((failed + 1))
    status=1
    continue
  fi
  passed=$((passed + $(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<< "$summary")))
  failed=$((failed + $(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<< "$summary")))
done
rm -rf "$results"

# The fixtures stop every server and service they start; anything left is a bug worth failing on.
leftovers=$(pgrep -af "incident-platform-(test|it|restart)-" | grep -v pgrep || true)
if [ -n "$leftovers" ]; then
  echo "error: processes left behind by the tests:"
  echo "$leftovers"
  status=1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
