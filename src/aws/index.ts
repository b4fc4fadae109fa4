export * from './environment';
export * from './kms-key';
export * from './log-group';
export * from './generated-secret';
export * from './aurora-postgres';
export * from './secure-bucket';
export * from './redis';
export * from './permissions-boundary';
