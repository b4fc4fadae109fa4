export * from './cloud-sql-postgres';
