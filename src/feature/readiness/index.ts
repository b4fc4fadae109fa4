export * from './facts';
export * from './model';
export * from './evaluate';
export * from './report';
export * from './gateway-facts';
export * from './feature-readiness';
export * from './derive';
