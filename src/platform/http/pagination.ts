import { z } from 'zod';

/** `?limit=&offset=` for every listing: at most 100 a page. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1, 'limit must be at least 1').max(100, 'limit must be at most 100').default(25),
  offset: z.coerce.number().int().min(0, 'offset cannot be negative').max(1_000_000).default(0),
};
