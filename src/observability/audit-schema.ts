/**
 * The queryable shape of an audit record: the fields of LiteLLM's `StandardLoggingPayload` that answer
 * "who called which model, with how many tokens, at what cost, how fast, with what outcome" — and none that
 * carry message content (`messages`, `response`, `model_parameters`, `hidden_params` are not mapped, so a
 * query cannot select them even if a record carried them). Pure: no cdktf.
 *
 * Provenance: BerriAI/litellm `litellm/types/utils.py` (`StandardLoggingPayload`, `StandardLoggingMetadata`;
 * stored copies at commits whose `StandardLoggingPayload` has `id`, `trace_id`, `call_type`, `stream`,
 * `response_cost`, `status`, `custom_llm_provider`, `total_tokens`, `prompt_tokens`, `completion_tokens`,
 * `startTime`, `endTime`, `completionStartTime`, `response_time`, `model`, `model_id`, `model_group`,
 * `api_base`, `metadata`, `cache_hit`, `request_tags`, `end_user`, `error_str`; metadata keys
 * `user_api_key_hash`, `user_api_key_alias`, `user_api_key_team_id`, `user_api_key_team_alias`,
 * `user_api_key_user_id`, `user_api_key_org_id`, `spend_logs_metadata`).
 */

/** Column types, in the Hive/Glue spelling; `bigQueryType` maps them. */
export type AuditColumnType = 'string' | 'bigint' | 'double' | 'boolean' | 'array<string>' | 'struct';

export interface AuditColumn {
  readonly name: string;
  readonly type: AuditColumnType;
  readonly comment: string;
  /** Fields of a struct column. */
  readonly fields?: ReadonlyArray<AuditColumn>;
}

/** Where LiteLLM writes the records (`s3_callback_params.s3_path`). */
export const AUDIT_PREFIX = 'litellm';

export const AUDIT_COLUMNS: ReadonlyArray<AuditColumn> = [
  { name: 'id', type: 'string', comment: 'LiteLLM call id' },
  { name: 'trace_id', type: 'string', comment: 'Groups the retries and fallbacks of one request' },
  { name: 'call_type', type: 'string', comment: 'acompletion, aembedding, ...' },
  { name: 'status', type: 'string', comment: 'success or failure' },
  { name: 'stream', type: 'boolean', comment: 'Streaming response' },
  { name: 'model', type: 'string', comment: 'Provider model that served the call' },
  { name: 'model_group', type: 'string', comment: 'Alias the caller asked for' },
  { name: 'model_id', type: 'string', comment: 'Deployment id' },
  { name: 'custom_llm_provider', type: 'string', comment: 'Provider (bedrock, vertex_ai, openai, ...)' },
  { name: 'prompt_tokens', type: 'bigint', comment: 'Input tokens' },
  { name: 'completion_tokens', type: 'bigint', comment: 'Output tokens' },
  { name: 'total_tokens', type: 'bigint', comment: 'Input + output tokens' },
  { name: 'response_cost', type: 'double', comment: 'Cost, USD' },
  { name: 'response_time', type: 'double', comment: 'End-to-end latency, seconds' },
  { name: 'starttime', type: 'double', comment: 'Start, epoch seconds (startTime)' },
  { name: 'endtime', type: 'double', comment: 'End, epoch seconds (endTime)' },
  { name: 'completionstarttime', type: 'double', comment: 'First token, epoch seconds (completionStartTime)' },
  { name: 'cache_hit', type: 'boolean', comment: 'Served from cache' },
  { name: 'request_tags', type: 'array<string>', comment: 'Request tags' },
  { name: 'error_str', type: 'string', comment: 'Error message of a failed call (no request content)' },
  {
    name: 'metadata',
    type: 'struct',
    comment: 'Who called: virtual key alias (<team>/<feature>), team, user',
    fields: [
      { name: 'user_api_key_hash', type: 'string', comment: 'Hash of the virtual key' },
      { name: 'user_api_key_alias', type: 'string', comment: 'Key alias: <team>/<feature>' },
      { name: 'user_api_key_team_id', type: 'string', comment: 'Team id' },
      { name: 'user_api_key_team_alias', type: 'string', comment: 'Team name' },
      { name: 'user_api_key_user_id', type: 'string', comment: 'User id' },
      { name: 'user_api_key_org_id', type: 'string', comment: 'Organization id' },
    ],
  },
];

/** Hive type text of a column (`struct<a:string,b:bigint>` for structs). */
export function hiveType(column: AuditColumn): string {
  if (column.type !== 'struct') return column.type;
  return `struct<${(column.fields ?? []).map((f) => `${f.name}:${hiveType(f)}`).join(',')}>`;
}

/** Glue `storage_descriptor.columns`. */
export function auditColumnsForGlue(columns: ReadonlyArray<AuditColumn>): Array<{ name: string; type: string; comment: string }> {
  return columns.map((c) => ({ name: c.name, type: hiveType(c), comment: c.comment }));
}

/** BigQuery schema JSON (`google_bigquery_table.schema`). */
export function auditSchemaForBigQuery(columns: ReadonlyArray<AuditColumn>): Array<Record<string, unknown>> {
  const type = (c: AuditColumn): string => ({ 'string': 'STRING', 'bigint': 'INTEGER', 'double': 'FLOAT', 'boolean': 'BOOLEAN', 'array<string>': 'STRING', 'struct': 'RECORD' })[c.type];
  return columns.map((c) => ({
    name: c.name,
    type: type(c),
    mode: c.type === 'array<string>' ? 'REPEATED' : 'NULLABLE',
    description: c.comment,
    ...(c.fields ? { fields: auditSchemaForBigQuery(c.fields) } : {}),
  }));
}
