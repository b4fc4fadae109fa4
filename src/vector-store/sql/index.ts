export * from './identifiers';
export * from './index-builds';
export * from './bootstrap';
export * from './team-bootstrap';
