// The one `z` every schema uses: zod extended with `.openapi()`, speaking French, because
// validation messages go straight to the people who typed the input.
import { z } from '@hono/zod-openapi';
import fr from 'zod/v4/locales/fr.js';

z.config(fr());

export { z };
