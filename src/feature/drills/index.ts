export * from './provider-failover';
export * from './vector-store-failover-drill';
