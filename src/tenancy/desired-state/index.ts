export * from './model';
export * from './duration';
export * from './build';
export * from './render';
