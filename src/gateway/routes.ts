/**
 * Which LiteLLM routes callers reach, and which request header must never reach LiteLLM from them. Pure data,
 * shared by every runtime's edge (ALB listener rules, the nginx edge container on Kubernetes and Cloud Run).
 */

/**
 * The inference routes callers (peers granted with `connections.allowFrom`) may use. Everything else — the admin
 * API (`/key/*`, `/team/*`, `/user/*`, `/model/*`, `/organization/*`, `/spend/*`, `/global/*`, `/config/*`),
 * the admin UI (`/ui`, `/sso`), `/metrics`, `/routes`, `/health` (which calls every model) — is answered 404 at
 * the edge and reached only through the admin entry point by peers granted with `connections.allowAdminFrom`.
 *
 * Source: BerriAI/litellm `litellm/proxy/_types.py`, `LiteLLMRoutes.openai_routes` (chat/completions,
 * completions, embeddings with their `/v1`, `/engines/{model}` and `/openai/deployments/{model}` forms, images,
 * audio, moderations, models) plus the rerank, responses and Anthropic `/v1/messages` endpoints. Patterns use `*`
 * for "any characters" (ALB `path-pattern` semantics); each is an exact path or a prefix ending in `/*`.
 */
export const INFERENCE_ROUTES: ReadonlyArray<string> = [
  '/chat/completions',
  '/v1/chat/completions',
  '/completions',
  '/v1/completions',
  '/embeddings',
  '/v1/embeddings',
  '/models',
  '/v1/models',
  '/models/*',
  '/v1/models/*',
  '/moderations',
  '/v1/moderations',
  '/images/*',
  '/v1/images/*',
  '/audio/*',
  '/v1/audio/*',
  '/rerank',
  '/v1/rerank',
  '/v2/rerank',
  '/responses',
  '/v1/responses',
  '/responses/*',
  '/v1/responses/*',
  '/v1/messages',
  '/v1/messages/*',
  '/engines/*',
  '/openai/deployments/*',
];

/**
 * Request header with which a client turns LiteLLM's message redaction off for its own request, overriding
 * `litellm_settings.turn_off_message_logging` (BerriAI/litellm `litellm/litellm_core_utils/redact_messages.py`,
 * `should_redact_message_logging`: the header is checked before the global setting). The edge refuses requests
 * that carry it unless the gateway allows message logging. (A per-request `turn_off_message_logging` body
 * parameter has the same effect; no edge here parses JSON bodies, see the README's gateway section.)
 */
export const REDACTION_OVERRIDE_HEADER = 'litellm-disable-message-redaction';

/** Answer to a request outside the inference routes on the caller entry point (OpenAI-style error body). */
export const NOT_AN_INFERENCE_ROUTE_BODY = JSON.stringify({ error: { message: 'Not found: this endpoint serves inference routes only', type: 'not_found', code: 404 } });

/** Answer to a request carrying the redaction override header. */
export const REDACTION_OVERRIDE_REFUSED_BODY = JSON.stringify({
  error: { message: `The ${REDACTION_OVERRIDE_HEADER} header is not accepted by this gateway`, type: 'invalid_request_error', code: 400 },
});
