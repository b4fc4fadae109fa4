/**
 * A LiteLLM proxy stand-in for the chat-completions route, on TEN-LAMBDA's generic HttpStandIn
 * (test/tenancy/standin/http-standin.ts). Shapes and status codes are LiteLLM's (BerriAI/litellm):
 *
 *   R  = litellm/proxy/route_llm_request.py @ 0149cf35 — a `model` that is a model group is load-balanced
 *        over its deployments; a `model` that is a deployment id (model_info.id) goes to exactly that
 *        deployment (router.py `_common_checks_available_deployment` @ f292d1ae, `has_model_id`); anything
 *        else is 400 "Invalid model name passed in model=...".
 *   B  = litellm/types/utils.py ModelResponse @ 2f1f4b18 — {id, object: "chat.completion", created, model,
 *        system_fingerprint, choices: [{index, finish_reason, message: {role, content, tool_calls, function_call}}],
 *        usage: {prompt_tokens, completion_tokens, total_tokens}}; the proxy stamps `model` with the requested
 *        name (common_request_processing.py `_override_openai_response_model` @ 001501fb).
 *   H  = common_request_processing.py `get_custom_headers` @ 001501fb — x-litellm-call-id, x-litellm-model-id,
 *        x-litellm-model-api-base, x-litellm-version, x-litellm-response-cost (dropped when "None"),
 *        x-litellm-key-spend, x-litellm-response-duration-ms.
 *   E  = proxy_server.py ProxyException handler — {"error": {message, type, param, code}}, HTTP status = code;
 *        401 for a bad key (user_api_key_auth), 429 for rate limits (parallel_request_limiter), 400 for a
 *        model the router does not know.
 *
 * Behaviour per request comes from a `respond` function the test gives: content, usage, cost, delay, or
 * an error status / a malformed body.
 */
import { HttpStandIn, type StandInRequest, type StandInResponse } from '../../tenancy/standin/http-standin';

export interface Deployment {
  /** model_info.id */
  readonly id: string;
  /** model_name (the alias / model group) */
  readonly group: string;
  /** litellm_params.api_base (echoed in x-litellm-model-api-base) */
  readonly apiBase?: string;
}

export interface Reply {
  readonly content?: string | null;
  readonly usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  /** USD; null = no x-litellm-response-cost header (a model without pricing). */
  readonly costUsd?: number | null;
  /** Wait this long before answering (a slow provider). */
  readonly delayMs?: number;
  /** An error status with LiteLLM's error body. */
  readonly status?: number;
  readonly errorType?: string;
  readonly retryAfterSeconds?: number;
  /** A 200 whose body is this text (not JSON: a broken proxy or load balancer page). */
  readonly rawBody?: string;
  /** Answer as if another deployment served the call (a router fallback): its id goes in x-litellm-model-id. */
  readonly servedBy?: string;
}

export interface ChatRequestSeen {
  readonly body: any;
  readonly deployment: Deployment;
  /** The last user message (what the test scripts against). */
  readonly prompt: string;
}

export interface ChatStandInOptions {
  readonly keys: ReadonlyArray<string>;
  /**
   * Models a key may call, checked against the requested name as it is (auth_checks.py
   * `_can_object_call_model` @ b06d7166: a deployment id is not resolved to its alias). Absent: all models.
   */
  readonly keyModels?: Readonly<Record<string, ReadonlyArray<string>>>;
  readonly deployments: ReadonlyArray<Deployment>;
  readonly respond: (req: ChatRequestSeen) => Reply | Promise<Reply>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function proxyError(status: number, message: string, type = 'None', headers: Record<string, string> = {}): StandInResponse {
  return { status, headers, body: { error: { message, type, param: 'None', code: String(status) } } };
}

export class ChatCompletionsStandIn {
  public readonly http: HttpStandIn;
  /** Every authorized request with a known model, recorded on arrival (also those the client abandons). */
  public readonly received: ChatRequestSeen[] = [];
  private readonly rr = new Map<string, number>();
  private calls = 0;

  constructor(private readonly options: ChatStandInOptions) {
    const handler = (req: StandInRequest) => this.handle(req);
    this.http = new HttpStandIn({ 'POST /v1/chat/completions': handler, 'POST /chat/completions': handler });
  }

  public start(): Promise<string> {
    return this.http.start();
  }

  public stop(): Promise<void> {
    return this.http.stop();
  }

  public get url(): string {
    return this.http.url;
  }

  /** Requests that reached the route (recorded without the Authorization header). */
  public get requests() {
    return this.http.exchanges;
  }

  private pick(model: unknown): Deployment | undefined {
    if (typeof model !== 'string') return undefined;
    const byId = this.options.deployments.find((d) => d.id === model);
    if (byId) return byId;
    const group = this.options.deployments.filter((d) => d.group === model);
    if (group.length === 0) return undefined;
    const i = this.rr.get(model) ?? 0;
    this.rr.set(model, i + 1);
    return group[i % group.length];
  }

  private async handle(req: StandInRequest): Promise<StandInResponse> {
    if (!req.bearer || !this.options.keys.includes(req.bearer)) {
      return proxyError(401, 'Authentication Error, Invalid proxy server token passed. Received API Key = sk-...****, Key Hash (Token) =...', 'auth_error');
    }
    const body = req.body as any;
    const allowed = this.options.keyModels?.[req.bearer];
    if (allowed && allowed.length > 0 && !allowed.includes(body?.model)) {
      return proxyError(401, `key not allowed to access model. This key can only access models=${JSON.stringify(allowed)}. Tried to access ${String(body?.model)}`, 'key_model_access_denied', {});
    }
    if (!body || typeof body !== 'object' || !Array.isArray(body.messages)) return proxyError(400, "/chat/completions: Missing required parameter: 'messages'.", 'invalid_request_error');
    const deployment = this.pick(body.model);
    if (!deployment) return proxyError(400, `/chat/completions: Invalid model name passed in model=${String(body.model)}. Call \`/v1/models\` to view available models for your key.`);
    const users = body.messages.filter((m: any) => m.role === 'user');
    const prompt = users.length ? String(users[users.length - 1].content) : '';
    this.received.push({ body, deployment, prompt });
    const reply = await this.options.respond({ body, deployment, prompt });
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.status && reply.status !== 200) {
      const headers: Record<string, string> = reply.retryAfterSeconds !== undefined ? { 'retry-after': String(reply.retryAfterSeconds) } : {};
      const message = reply.status === 429 ? 'Max parallel request limit reached. Hit limit for api_key: hashed. tpm_limit: 100, current_tpm: 120' : `litellm.InternalServerError: upstream returned ${reply.status}`;
      return proxyError(reply.status, message, reply.errorType ?? (reply.status === 429 ? 'None' : 'internal_server_error'), headers);
    }
    this.calls++;
    const headers: Record<string, string> = {
      'x-litellm-call-id': `call-${this.calls}`,
      'x-litellm-model-id': reply.servedBy ?? deployment.id,
      'x-litellm-model-api-base': deployment.apiBase ?? 'https://bedrock-runtime.eu-west-1.amazonaws.com',
      'x-litellm-version': '1.83.14',
      'x-litellm-response-duration-ms': String(reply.delayMs ?? 1),
      'x-litellm-key-spend': '0.0',
    };
    if (reply.costUsd !== null) headers['x-litellm-response-cost'] = String(reply.costUsd ?? 0.00042);
    if (reply.rawBody !== undefined) return { status: 200, headers: { ...headers, 'content-type': 'text/html' }, body: reply.rawBody };
    const usage = reply.usage === undefined ? { prompt_tokens: 120, completion_tokens: 80, total_tokens: 200 } : reply.usage;
    return {
      status: 200,
      headers,
      body: {
        id: `chatcmpl-${this.calls}`,
        object: 'chat.completion',
        created: 1764658800,
        model: body.model,
        system_fingerprint: null,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content === undefined ? 'ok' : reply.content, tool_calls: null, function_call: null } }],
        ...(usage ? { usage } : {}),
      },
    };
  }
}
