#!/usr/bin/env bash
# The step of action.yml: runs playbook-lint with the action's inputs (INPUT_* variables).
# Uses the repository's own playbook-lint (a dev dependency) when installed, else the
# published package of INPUT_VERSION. Writes exit-code to $GITHUB_OUTPUT and exits with it.
set -uo pipefail

if [ -x node_modules/.bin/playbook-lint ]; then
  lint=(node_modules/.bin/playbook-lint)
else
  lint=(npx --yes "playbook-lint@${INPUT_VERSION:-latest}")
fi

read -r -a paths <<<"${INPUT_PATHS:-.}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)
limit=()
if [ -n "${INPUT_MAX_WARNINGS:-}" ] && [ "${INPUT_MAX_WARNINGS}" != "-1" ]; then
  limit=(--max-warnings "$INPUT_MAX_WARNINGS")
fi

status=0
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  # Written first: an upload step with `if: always()` finds it even when the job fails below.
  "${lint[@]}" --format sarif --output-file "$INPUT_SARIF_FILE" "${limit[@]}" "${paths[@]}" >/dev/null
  sarif_status=$?
  if [ "$sarif_status" -eq 2 ]; then status=2; fi
fi

"${lint[@]}" --format "${INPUT_FORMAT:-github}" "${limit[@]}" "${paths[@]}"
run_status=$?
[ "$status" -eq 2 ] || status=$run_status

if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "exit-code=$status" >>"$GITHUB_OUTPUT"; fi
exit "$status"
