import { readJsonencode } from '../../../src/policy/rules/hcl';

describe('readJsonencode', () => {
  test('reads an IAM policy rendered by Fn.jsonencode, keeping references as expressions', () => {
    // GIVEN the exact shape cdktf resolves Fn.jsonencode({...}) to
    const text =
      '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Action" = ["logs:CreateLogStream", "logs:PutLogEvents"], ' +
      '"Resource" = [aws_cloudwatch_log_group.FlowLogs_16C1943A.arn, "${aws_cloudwatch_log_group.FlowLogs_16C1943A.arn}:*"]}]})}';

    // WHEN / THEN
    expect(readJsonencode(text)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: ['${aws_cloudwatch_log_group.FlowLogs_16C1943A.arn}', '${aws_cloudwatch_log_group.FlowLogs_16C1943A.arn}:*'],
        },
      ],
    });
  });

  test('reads nested objects, numbers, booleans, null, escapes and function calls', () => {
    const text = '${jsonencode({"a" = {"b" = [1, 2.5, true, null]}, "c" = "say \\"hi\\"", d = lookup(var.m, "k", "x"), "e" = []})}';
    expect(readJsonencode(text)).toEqual({ a: { b: [1, 2.5, true, null] }, c: 'say "hi"', d: '${lookup(var.m, "k", "x")}', e: [] });
  });

  test('a whole expression is returned as an expression', () => {
    expect(readJsonencode('${jsonencode(var.policy)}')).toBe('${var.policy}');
  });

  test('returns undefined for other strings and broken input', () => {
    expect(readJsonencode('{"Version": "2012-10-17"}')).toBeUndefined();
    expect(readJsonencode('${jsonencode({"a" = "unterminated})}')).toBeUndefined();
    expect(readJsonencode('${jsondecode(x)}')).toBeUndefined();
  });
});
