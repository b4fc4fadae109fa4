export * from './synth';
export * from './terraform';
