import { testInfra } from './infra';
import { randomId } from './random-id';

/** A fresh LIFECYCLE_NAMESPACE: streams and subjects of one test cannot see another's. */
export function testNamespace(): string {
  return `t${testInfra().runId}${randomId(6)}`;
}
