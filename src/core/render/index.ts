// Renderers of a scan result: table, json/ndjson, dcos and curl scripts, terraform.
export {
  renderJson, renderJsonParts, renderNdjson, jsonFinding, jsonAuthFailure, jsonStats, jsonError, jsonWarning, jsonUnverified,
  ndjsonFinding, ndjsonAuthFailure, ndjsonError, ndjsonStats, JSON_VERSION,
} from './json.js';
export type { JsonOptions } from './json.js';
export { renderTable, renderTableLines } from './table.js';
export type { TableOptions } from './table.js';
export { renderDcos, renderCurl } from './scripts.js';
export type { CurlOptions, ScriptOptions } from './scripts.js';
export { renderTerraform, terraformName, hclString, TERRAFORM_RESOURCE } from './terraform.js';
export { jsonUnusedRow, renderUnusedDcos, renderUnusedJson, renderUnusedTable, UNUSED_JSON_VERSION } from './unused.js';
