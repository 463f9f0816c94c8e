import { parse as parseYaml } from 'yaml';
import { FakeScriptError } from './payment-gateway.errors';

/** What the fake gateway answers to one retry. */
export type FakeStep = { kind: 'succeed' } | { kind: 'fail'; code: string; message: string } | { kind: 'pending' };

interface Rule {
  steps: FakeStep[];
  /** The last step repeats for every later retry (`fail*`). */
  repeatLast: boolean;
}

// Codes the fake knows by name; any other code fails with a generic message.
const MESSAGES: Record<string, string> = {
  '0': 'insufficient funds',
  '3': 'security check failed',
  '11': 'suspicious transaction',
  '41': 'lost card',
  '43': 'stolen card',
  '46': 'closed account',
  '51': 'insufficient funds',
  '54': 'expired card',
  no_stored_card: 'no stored card',
};

const KEY = /^(default|company:(\d+)|subscription:(\d+))$/;

/**
 * Scripted outcomes, deterministic per company or subscription and retry: `company:12=fail,fail,succeed`
 * answers retry 1 and 2 with a decline and retry 3 with a success; `fail*` repeats forever; a retry a rule
 * does not cover falls through to `default` (itself `succeed` unless given). docs/dunning.md, "Fake gateway".
 */
export class FakeGatewayScript {
  private constructor(
    private readonly companies: ReadonlyMap<number, Rule>,
    private readonly subscriptions: ReadonlyMap<number, Rule>,
    private readonly fallback: Rule,
  ) {}

  static readonly SUCCEED_ALWAYS = new FakeGatewayScript(new Map(), new Map(), { steps: [{ kind: 'succeed' }], repeatLast: true });

  /** `retry` 1 is the first retry (attempt 2). */
  stepFor(companyId: number, subscriptionId: number, retry: number): FakeStep {
    for (const rule of [this.subscriptions.get(subscriptionId), this.companies.get(companyId), this.fallback]) {
      const step = rule && stepOf(rule, retry);
      if (step) return step;
    }
    return { kind: 'succeed' };
  }

  /** `FAKE_GATEWAY_SCRIPT`: rules separated by `;` (or new lines). */
  static parse(text: string, source = 'FAKE_GATEWAY_SCRIPT'): FakeGatewayScript {
    const rules: [string, string][] = [];
    for (const part of text.split(/[;\n]/).map((p) => p.trim()).filter(Boolean)) {
      const eq = part.indexOf('=');
      if (eq < 0) throw new FakeScriptError(source, `"${part}" is not key=steps`);
      rules.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
    }
    return FakeGatewayScript.fromRules(rules, source);
  }

  /** `FAKE_GATEWAY_FILE`: `{ default, companies: { id: steps }, subscriptions: { id: steps } }`, steps a list or a text. */
  static parseYaml(text: string, source: string): FakeGatewayScript {
    let raw: unknown;
    try {
      raw = parseYaml(text) ?? {};
    } catch (error) {
      throw new FakeScriptError(source, `not valid YAML: ${(error as Error).message}`);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new FakeScriptError(source, 'must be a mapping');
    const rules: [string, string][] = [];
    const steps = (value: unknown, where: string): string => {
      if (Array.isArray(value)) return value.map(String).join(',');
      if (typeof value === 'string') return value;
      throw new FakeScriptError(source, `${where} must be a list of steps or a text`);
    };
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'default') rules.push(['default', steps(value, 'default')]);
      else if (key === 'companies' || key === 'subscriptions') {
        if (typeof value !== 'object' || value === null) throw new FakeScriptError(source, `${key} must be a mapping of id to steps`);
        const prefix = key === 'companies' ? 'company' : 'subscription';
        for (const [id, entry] of Object.entries(value)) rules.push([`${prefix}:${id}`, steps(entry, `${key}.${id}`)]);
      } else throw new FakeScriptError(source, `unknown key "${key}" (known: default, companies, subscriptions)`);
    }
    return FakeGatewayScript.fromRules(rules, source);
  }

  private static fromRules(rules: readonly [string, string][], source: string): FakeGatewayScript {
    const companies = new Map<number, Rule>();
    const subscriptions = new Map<number, Rule>();
    let fallback: Rule = { steps: [{ kind: 'succeed' }], repeatLast: true };
    for (const [key, text] of rules) {
      const match = KEY.exec(key);
      if (!match) throw new FakeScriptError(source, `unknown key "${key}" (use default, company:<id> or subscription:<id>)`);
      const rule = parseRule(text, key, source);
      if (match[2]) companies.set(Number(match[2]), rule);
      else if (match[3]) subscriptions.set(Number(match[3]), rule);
      else fallback = rule;
    }
    return new FakeGatewayScript(companies, subscriptions, fallback);
  }
}

function stepOf(rule: Rule, retry: number): FakeStep | undefined {
  if (retry <= rule.steps.length) return rule.steps[retry - 1];
  return rule.repeatLast ? rule.steps[rule.steps.length - 1] : undefined;
}

function parseRule(text: string, key: string, source: string): Rule {
  const tokens = text.split(',').map((t) => t.trim());
  if (tokens.length === 0 || tokens.some((t) => t === '')) throw new FakeScriptError(source, `${key} has an empty step`);
  const repeatLast = tokens[tokens.length - 1].endsWith('*');
  if (tokens.slice(0, -1).some((t) => t.endsWith('*'))) throw new FakeScriptError(source, `${key}: only the last step may repeat (*)`);
  const steps = tokens.map((token, i) => parseStep(i === tokens.length - 1 && repeatLast ? token.slice(0, -1) : token, key, source));
  return { steps, repeatLast };
}

function parseStep(token: string, key: string, source: string): FakeStep {
  if (token === 'succeed') return { kind: 'succeed' };
  if (token === 'pending') return { kind: 'pending' };
  const fail = /^fail(?::([A-Za-z0-9_]{1,20}))?$/.exec(token);
  if (!fail) throw new FakeScriptError(source, `${key}: unknown step "${token}" (succeed, fail, fail:<code>, pending)`);
  const code = fail[1] ?? '0';
  return { kind: 'fail', code, message: `${MESSAGES[code] ?? 'declined'} (fake gateway)` };
}
