import { Testing } from 'cdktf';
import { build } from '../../examples/aws-ecs-gateway/main';
import { App, TerraformStack } from '../../src/core/cdktf';

// The generic real-Terraform check of this example runs in examples.test.ts; this pins what callers are told to
// use (issue 10: the endpoint was the ALB's DNS name, which the certificate does not carry).
describe('example aws-ecs-gateway', () => {
  const app = new App({ stackTraces: false });
  build(app);
  const stack = app.node.children.find((c): c is TerraformStack => TerraformStack.isStack(c) && c.node.id === 'aws-ecs-gateway')!;
  const json = JSON.parse(Testing.synth(stack));

  it('outputs the certificate\'s name as the endpoint, aliased to the load balancer in the private zone', () => {
    expect(json.output.endpoint.value).toBe('https://llm.internal.example.com');
    expect(json.output.endpoint.value).not.toMatch(/elb|dns_name/);
    expect(json.output.admin_endpoint.value).toMatch(/^https:\/\/llm\.internal\.example\.com:8443$/);
    const records = Object.values<any>(json.resource.aws_route53_record ?? {});
    const record = records.find((r) => r.name === 'llm.internal.example.com');
    expect(record).toMatchObject({ type: 'A', zone_id: expect.stringContaining('aws_route53_zone.') });
    expect(record.alias).toMatchObject({ name: expect.stringMatching(/^\$\{aws_lb\..*\.dns_name\}$/), evaluate_target_health: true });
    expect(json.resource.aws_route53_zone[Object.keys(json.resource.aws_route53_zone)[0]].vpc).toBeDefined();
  });
});
