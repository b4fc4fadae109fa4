/**
 * Resource types this library emits that have no security-relevant setting of their own: what they could get
 * wrong is checked on the resource they point at (named in the reason). The coverage test accepts an emitted
 * type only when a rule applies to it or it is listed here with its reason; both show in the README table.
 */
export const INERT_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  aws_appautoscaling_policy: 'a scaling rule; the floor and the service it scales are checked on aws_appautoscaling_target (LLM-ECS-7)',
  aws_glue_catalog_database: 'catalog metadata; the data lives in S3 (LLM-S3-*) and catalog encryption is an account setting',
  aws_glue_catalog_table: 'catalog metadata over an S3 prefix; the bucket is checked (LLM-S3-*)',
  aws_grafana_role_association: 'maps IAM Identity Center users or groups to a Grafana role; who may sign in is the workspace\'s network and identity configuration (LLM-GRAF-1)',
  aws_kms_alias: 'a name for a key; rotation and key policy are checked on aws_kms_key (LLM-KMS-1, LLM-KMS-2)',
  aws_lb_listener_rule: 'routing on a listener whose TLS and redirects are checked (LLM-ALB-1, LLM-ALB-2)',
  aws_route53_record: 'a DNS name; what it points at is checked (load balancers, endpoints)',
  aws_wafv2_web_acl_association: 'attaches a web ACL; its presence is checked on aws_lb (LLM-ALB-6) and its rules on aws_wafv2_web_acl (LLM-WAF-1)',
  google_compute_region_network_endpoint_group: 'points a load balancer at a Cloud Run service; the service is checked (LLM-RUN-*)',
  google_compute_region_url_map: 'routing; the proxy\'s TLS is checked on the HTTPS proxy (LLM-GLB-2)',
  google_compute_url_map: 'routing; the proxy\'s TLS is checked on the HTTPS proxy (LLM-GLB-2)',
  google_monitoring_dashboard: 'a dashboard definition: charts and queries, no access or data settings',
  google_service_account: 'an identity without permissions of its own; its grants are checked on the IAM bindings (LLM-GIAM-*) and keys (LLM-GIAM-3)',
  google_sql_database: 'a database name and charset inside an instance checked by LLM-GSQL-*',
};
