export * from './config-model';
export * from './defaults';
export * from './build';
export * from './render';
export * from './contract';
