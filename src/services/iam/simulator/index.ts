import type { Operation } from '../../operation.js';
import { simulationOperations } from './simulator.js';
import { contextKeyOperations } from './contextKeys.js';

/** The policy simulator and the context keys of policies. */
export const simulatorOperations: Operation[] = [...simulationOperations, ...contextKeyOperations];
