import { UserError } from '../components/errors';

/** A request the engine refuses: its status is the HTTP answer's. */
export class EngineError extends UserError {}
