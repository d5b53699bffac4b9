import { z } from "zod";

/** The notifications page's URL: `before` is the id to page back from; anything odd shows the newest. */
export const NotificationPageQuerySchema = z.object({ before: z.coerce.number().int().positive().optional().catch(undefined) });
