import { z } from "zod";

export const PageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);

export function pageFrom(request: Request): number {
  return PageSchema.parse(new URL(request.url).searchParams.get("page") ?? 1);
}
