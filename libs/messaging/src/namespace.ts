// The namespace rule is part of the contracts: outside consumers apply it too.
export { InvalidNamespaceError, Namespace } from '@lifecycle/contracts';
