// workerd: a module worker (the format wrangler deploys).
import { handle } from './handler.mjs';

export default { fetch: (request) => handle(request) };
