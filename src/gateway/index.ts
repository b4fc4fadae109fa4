export * from './litellm';
export * from './model-deployment';
export * from './guardrail';
export * from './llm-gateway';
export * from './runtime';
export * from './runtime-contract';
export * from './peer';
export * from './runtimes/cloud-run';
