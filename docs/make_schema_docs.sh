#!/usr/bin/env bash
# Regenerate docs/schema.md and docs/ficlens.analysis-1.schema.json from the datamodel.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo "# The \`ficlens.analysis/1\` schema"
  echo
  echo "Generated from \`src/ficlens/datamodel\` by \`bash docs/make_schema_docs.sh\`; a test checks it is current."
  echo "Offsets are character offsets into \`text\`, end exclusive. Later versions add fields, never remove them."
  echo "The same schema as JSON Schema: [ficlens.analysis-1.schema.json](ficlens.analysis-1.schema.json)."
  echo
  python -m ficlens.output.schema
} > docs/schema.md
python -m ficlens.output.schema --json > docs/ficlens.analysis-1.schema.json
