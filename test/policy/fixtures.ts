import { Construct } from 'constructs';
import { feature, gateway } from './rules/governance.cases';
import type { FeatureGovernanceFacts, GatewayGovernanceFacts, GovernedGuardrail, IGovernedConstruct } from '../../src/policy/governance-facts';
import type { IPolicyGuardrailConsumer, PolicyGuardrailEntry } from '../../src/policy/guardrails';

/** A stand-in for LlmGateway: reports facts and accepts the bundle's runtime guardrails. */
export class FakeGateway extends Construct implements IGovernedConstruct, IPolicyGuardrailConsumer {
  public readonly received: PolicyGuardrailEntry[][] = [];
  private readonly guardrails = new Map<string, GovernedGuardrail>();

  constructor(scope: Construct, id: string, private readonly facts: Partial<GatewayGovernanceFacts> = {}) {
    super(scope, id);
  }

  public addPolicyGuardrails(entries: ReadonlyArray<PolicyGuardrailEntry>): void {
    this.received.push([...entries]);
    for (const e of entries) {
      this.guardrails.set(e.guardrailName, { name: e.guardrailName, guardrail: e.guardrail, purpose: e.purpose, defaultOn: e.defaultOn });
    }
  }

  public governanceFacts(): GatewayGovernanceFacts {
    return gateway({ guardrails: [...this.guardrails.values()], ...this.facts });
  }
}

/** A stand-in for StandardLlmFeature. */
export class FakeFeature extends Construct implements IGovernedConstruct {
  constructor(scope: Construct, id: string, private readonly facts: Partial<FeatureGovernanceFacts> = {}) {
    super(scope, id);
  }

  public governanceFacts(): FeatureGovernanceFacts {
    return feature(this.facts);
  }
}
