export * from './model';
export * from './principal';
export * from './backend';
export * from './qdrant-tls';
export * from './backends/binding';
export * from './sql';
export * from './vector-store';
export * from './team-scope';
