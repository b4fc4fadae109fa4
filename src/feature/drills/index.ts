export * from './provider-failover';
